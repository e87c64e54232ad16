import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';

export class CreateItemDto {
  @IsString()
  @MaxLength(100)
  name: string;
}

@Controller('items')
export class ItemsController {
  private readonly items: { id: number; name: string }[] = [];

  @Get()
  list(): { id: number; name: string }[] {
    return this.items;
  }

  @Post()
  create(@Body() body: CreateItemDto): { id: number; name: string } {
    const item = { id: this.items.length + 1, name: body.name };
    this.items.push(item);
    return item;
  }
}
