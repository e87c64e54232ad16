import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { decideMaintenance, readsOnly, UNMATCHED_ROUTE } from './maintenance-decision';
import { MaintenanceRefusals } from './refusal/maintenance-refusals';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MAINTENANCE_MODE_HEADER } from '../maintenance.constants';
import { MAINTENANCE_RESOLVED_OPTIONS } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { viewFor } from './scoped-view';

/**
 * `coverAllRoutes`: in full maintenance, also answer 503 for requests no route matches, which guards never
 * see. On Express it is a handler mounted after Nest's routes (the module's init hook runs after the
 * router is registered, before the 404 handler); on Fastify an `onRequest` hook that acts on 404s only.
 * Matched routes are left to the guard, which knows their decorators.
 */
@Injectable()
export class MaintenanceCatchAllService implements OnModuleInit {
  private readonly refusals: MaintenanceRefusals;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly state: MaintenanceStateService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
  ) {
    this.refusals = new MaintenanceRefusals(() => adapterHost.httpAdapter, options);
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!this.options.coverAllRoutes || !adapter) return;
    const instance = adapter.getInstance();
    if (adapter.getType() === 'fastify') {
      instance.addHook('onRequest', async (request: AdapterRequest & { is404: boolean }, reply: unknown) => {
        if (request.is404 && this.inFullMode(request)) await this.handle(request, reply, () => undefined);
        // (an error thrown here is answered by Fastify as a 500 of that request, never a crash)
      });
    } else {
      instance.use((request: AdapterRequest, response: unknown, next: () => void) => {
        if (!this.inFullMode(request)) return next();
        this.handle(request, response, next).catch(next);
      });
    }
  }

  /** Whether full mode applies to this unmatched URL: for the whole app, or for a scope that selects it by path or host. */
  private inFullMode(request: AdapterRequest): boolean {
    const snapshot = this.state.snapshot;
    return snapshot.mode === 'full' || (snapshot.scopes !== null && viewFor(snapshot, UNMATCHED_ROUTE, request).mode === 'full');
  }

  private async handle(request: AdapterRequest, response: unknown, next: () => void): Promise<void> {
    const verdict = await decideMaintenance(
      viewFor(this.state.snapshot, UNMATCHED_ROUTE, request),
      UNMATCHED_ROUTE,
      request,
      readsOnly(this.options, request),
      this.options,
    );
    // The snapshot may have changed while an async `when` ran: refuse only what is still in full mode.
    const snapshot = viewFor(this.state.snapshot, UNMATCHED_ROUTE, request);
    if (verdict !== 'refuse' || snapshot.mode !== 'full') return next();
    this.adapterHost.httpAdapter.setHeader(response, MAINTENANCE_MODE_HEADER, 'full');
    this.refusals.refuse(snapshot, 'full', request, response);
  }
}
