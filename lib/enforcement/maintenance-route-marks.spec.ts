import { Controller, Get, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA as FASTIFY_PACKAGE_KEY } from '@nestjs/platform-fastify/constants';
import { BypassMaintenance } from './bypass-maintenance.decorator';
import { MAINTENANCE_ROUTE_MARK } from '../maintenance.internal-constants';
import { FASTIFY_ROUTE_CONFIG_METADATA, markMaintenanceRoutes } from './maintenance-route-marks';

@Controller('a')
@BypassMaintenance()
class ClassBypassed {
  @Get()
  plain() {}

  @Post()
  @BypassMaintenance({ modes: ['read-only'] })
  narrowed() {}

  helper() {}
}

@Controller('b')
class Plain {
  @Get()
  read() {}
}

@Controller('c')
class SameAsParent extends Plain {}

const markOf = (handler: object) => Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler)?.[MAINTENANCE_ROUTE_MARK];

describe('markMaintenanceRoutes', () => {
  it('uses the key @nestjs/platform-fastify reads its route config from', () => {
    expect(FASTIFY_ROUTE_CONFIG_METADATA).toBe(FASTIFY_PACKAGE_KEY);
  });

  it('marks each route handler with its effective @BypassMaintenance(), the method over the class', () => {
    markMaintenanceRoutes([{ metatype: ClassBypassed }, { metatype: Plain }], new Reflector());
    expect(markOf(ClassBypassed.prototype.plain)).toEqual({ bypass: { modes: null }, scopes: [] });
    expect(markOf(ClassBypassed.prototype.narrowed)).toEqual({ bypass: { modes: ['read-only'] }, scopes: [] });
    expect(markOf(Plain.prototype.read)).toEqual({ bypass: null, scopes: [] });
    expect(markOf(ClassBypassed.prototype.helper)).toBeUndefined();
  });

  it('keeps what the app put in the route config', () => {
    class Tagged {
      @Get()
      read() {}
    }
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { tag: 'x' }, Tagged.prototype.read);
    markMaintenanceRoutes([{ metatype: Tagged }], new Reflector());
    const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Tagged.prototype.read);
    expect(config.tag).toBe('x');
    expect(config[MAINTENANCE_ROUTE_MARK]).toEqual({ bypass: null, scopes: [] });
  });

  it('marks the method Nest registers when the instance has its own (a bound method), with the decorators of the declared one', () => {
    class Binding {
      @Post()
      @BypassMaintenance()
      write() {}
    }
    const instance = new Binding();
    instance.write = instance.write.bind(instance);
    markMaintenanceRoutes([{ metatype: Binding, instance: instance as unknown as Record<string, unknown> }], new Reflector());
    expect(markOf(instance.write)).toEqual({ bypass: { modes: null }, scopes: [] });
  });

  it('accepts a shared handler whose controllers agree, and refuses one they disagree on', () => {
    expect(() => markMaintenanceRoutes([{ metatype: Plain }, { metatype: SameAsParent }], new Reflector())).not.toThrow();
    @BypassMaintenance()
    class Bypassing extends Plain {}
    expect(() => markMaintenanceRoutes([{ metatype: Plain }, { metatype: Bypassing }], new Reflector())).toThrow(/Plain\.read from Bypassing\.read/);
  });
});
