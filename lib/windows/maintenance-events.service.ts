import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Observable, Subject } from 'rxjs';
import { windowDetails } from './window-details';
import { MaintenanceWindow } from '../persistence/entities/maintenance-window.entity';
import { MaintenanceEvent, MaintenanceEventType } from '../interfaces/maintenance-event.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';

/**
 * Publishes maintenance events on an Observable and, when the app has @nestjs/event-emitter (an optional
 * peer), as `maintenance.<type>` on its EventEmitter2. A listener that throws cannot break a change that
 * has already been committed: its error is logged.
 */
@Injectable()
export class MaintenanceEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MaintenanceModule');
  private readonly subject = new Subject<MaintenanceEvent>();
  private readonly listeners: ((event: MaintenanceEvent) => void)[] = [];

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    const emitter = this.findEventEmitter();
    if (emitter) this.addListener((event) => emitter.emit(event.name, event));
  }

  /** Every event, in order. */
  get events$(): Observable<MaintenanceEvent> {
    return this.subject.asObservable();
  }

  /** Adds a sink (used to bridge to EventEmitter2). */
  addListener(listener: (event: MaintenanceEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(type: MaintenanceEventType, window: MaintenanceWindow | null, actor: string, state: MaintenanceState): void {
    const event: MaintenanceEvent = {
      name: `maintenance.${type}`,
      type,
      window: window ? windowDetails(window) : null,
      actor,
      state,
      at: new Date().toISOString(),
    };
    this.subject.next(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`A listener of ${event.name} failed: ${(error as Error).message}`);
      }
    }
  }

  /** The app's EventEmitter2, if it imported EventEmitterModule; the package itself is optional. */
  private findEventEmitter(): { emit: (name: string, payload: unknown) => unknown } | null {
    let token: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      token = require('@nestjs/event-emitter').EventEmitter2;
    } catch {
      return null;
    }
    try {
      return this.moduleRef.get(token as never, { strict: false });
    } catch {
      return null;
    }
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
