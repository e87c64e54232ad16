import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { MaintenanceWindowView } from '../dto/maintenance-window.response';
import { MaintenanceWindow } from '../entities/maintenance-window.entity';
import { MaintenanceEvent, MaintenanceEventType } from '../interfaces/maintenance-event.interface';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';

/** Publishes maintenance events on an Observable (and, when present, @nestjs/event-emitter). */
@Injectable()
export class MaintenanceEventsService implements OnModuleDestroy {
  private readonly subject = new Subject<MaintenanceEvent>();
  private readonly listeners: ((event: MaintenanceEvent) => void)[] = [];

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
      window: window ? MaintenanceWindowView.from(window) : null,
      actor,
      state,
      at: new Date().toISOString(),
    };
    this.subject.next(event);
    for (const listener of this.listeners) listener(event);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
