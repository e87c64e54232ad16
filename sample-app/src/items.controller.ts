import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { BypassMaintenance } from '../../lib';

class CreateItemDto {
  @ApiProperty({ example: 'A new item' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

/** Ordinary routes: a read and a write, blocked or allowed by maintenance like any app route. */
@ApiTags('items')
@Controller('items')
export class ItemsController {
  private readonly items = [{ id: 1, name: 'First item' }];

  @Get()
  list() {
    return this.items;
  }

  @Post()
  create(@Body() body: CreateItemDto) {
    const item = { id: this.items.length + 1, name: body.name };
    this.items.push(item);
    return item;
  }
}

/** Probes must never be blocked: a failing readiness probe would take every instance out of the load balancer. */
@ApiTags('health')
@Controller('health')
@BypassMaintenance()
export class HealthController {
  @Get()
  health() {
    return { status: 'ok' };
  }
}

/** Sign-in keeps working in read-only mode. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  @Post('login')
  @BypassMaintenance({ modes: ['read-only'] })
  login() {
    return { token: 'demo-token' };
  }
}
