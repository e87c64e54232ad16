import { createHash } from 'node:crypto';
import { MaintenanceState } from '../interfaces/maintenance-state.interface';

/** One server-sent event carrying the public state, written as is to every open stream. */
export interface StateEvent {
  /** The event id: a digest of the state, so every instance gives the same state the same id (see `stateEventId`). */
  readonly id: string;
  /** The public state as JSON (what `GET <adminPath>/status` answers). */
  readonly json: string;
  /** The whole `text/event-stream` frame: `id:`, `data:` and the blank line that ends it. */
  readonly frame: string;
}

/**
 * The id of a state: the first 16 hex digits of the SHA-256 of its JSON. It names the state, not the instance or
 * the moment: a browser that reconnects (behind a load balancer, to any instance) with `Last-Event-ID` is told
 * nothing when the state it has is still the one in force, and the current state as soon as it is not.
 */
export function stateEventId(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

/** The event for `state`. The JSON has no line breaks (JSON.stringify escapes them), so one `data:` line holds it. */
export function stateEvent(state: MaintenanceState): StateEvent {
  const json = JSON.stringify(state);
  const id = stateEventId(json);
  return { id, json, frame: `id: ${id}\ndata: ${json}\n\n` };
}
