import { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MaintenanceModule } from './maintenance.module';
import { MAINTENANCE_GUARD_PLACEMENT } from './maintenance.internal-constants';
import { buildMaintenanceModule } from './maintenance-module.builder';

const provided = (providers: Provider[] | undefined, token: unknown) =>
  (providers ?? []).filter((provider) => typeof provider === 'object' && 'provide' in provider && provider.provide === token);

describe('buildMaintenanceModule: the guard extra', () => {
  const build = (guard?: string) => buildMaintenanceModule({ module: MaintenanceModule }, { guard } as never);

  it('registers the global guard by default', () => {
    const module = build();
    expect(provided(module.providers, APP_GUARD)).toHaveLength(1);
    expect(provided(module.providers, MAINTENANCE_GUARD_PLACEMENT)).toEqual([{ provide: MAINTENANCE_GUARD_PLACEMENT, useValue: 'global' }]);
  });

  it.each(['manual', 'fastify-hook'])('registers no Nest guard with %s, and tells the module which', (guard) => {
    const module = build(guard);
    expect(provided(module.providers, APP_GUARD)).toHaveLength(0);
    expect(provided(module.providers, MAINTENANCE_GUARD_PLACEMENT)).toEqual([{ provide: MAINTENANCE_GUARD_PLACEMENT, useValue: guard }]);
  });

  it('refuses anything else, naming the option and the values it takes', () => {
    expect(() => build('hook')).toThrow('MaintenanceModule: invalid option guard: must be "global", "manual" or "fastify-hook", got hook');
  });
});
