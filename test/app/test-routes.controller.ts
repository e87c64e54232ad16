import { Body, Controller, Delete, Get, Module, Post, Put } from '@nestjs/common';
import { BypassMaintenance } from '../../lib';

@Controller('items')
export class ItemsController {
  @Get()
  list() {
    return { items: ['a', 'b'] };
  }

  @Post()
  create(@Body() body: unknown) {
    return { created: body ?? null };
  }

  @Put(':id')
  update() {
    return { updated: true };
  }

  @Delete(':id')
  remove() {
    return { removed: true };
  }
}

@Controller('health')
@BypassMaintenance()
export class HealthController {
  @Get()
  health() {
    return { ok: true };
  }
}

@Controller('auth')
export class AuthController {
  /** Sign-in keeps working in read-only mode only. */
  @Post('login')
  @BypassMaintenance({ modes: ['read-only'] })
  login() {
    return { token: 'demo' };
  }
}

/** The class bypasses every mode, the handler narrows it to read-only: the handler wins. */
@Controller('mixed')
@BypassMaintenance()
export class MixedController {
  @Get('class-level')
  classLevel() {
    return { ok: true };
  }

  @Post('read-only-only')
  @BypassMaintenance({ modes: ['read-only'] })
  readOnlyOnly() {
    return { ok: true };
  }
}

@Controller('public')
export class PublicController {
  @Get('docs/page')
  page() {
    return { ok: true };
  }

  @Get('exact')
  exact() {
    return { ok: true };
  }

  @Post('regex-42')
  regex() {
    return { ok: true };
  }
}

@Module({ controllers: [ItemsController, HealthController, AuthController, MixedController, PublicController] })
export class TestRoutesModule {}
