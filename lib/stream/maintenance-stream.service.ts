import { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { MAINTENANCE_RESOLVED_OPTIONS, MAINTENANCE_STREAM_PATH } from '../maintenance.internal-constants';
import { ResolvedMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { StateEvent, stateEvent } from './state-event';

/** What `open` did with a request. */
export type StreamOpening = 'opened' | 'full' | 'disabled' | 'closing';

/**
 * A stream whose client reads slower than we write is dropped once this much is queued for it: it reconnects with
 * `Last-Event-ID` and gets the state in force, which is all it needs (the stream carries states, not a history).
 */
const MAX_QUEUED_BYTES = 64 * 1024;

/** How long a browser waits before reconnecting after a stream closes (the SSE `retry:` field). */
const RECONNECT_MS = 3000;

/**
 * The public live stream (`GET <adminPath>/stream`, server-sent events): every open stream is told the public state
 * when it connects (unless its `Last-Event-ID` names the state in force) and again each time that state changes on
 * this instance, which happens at once for a change made here, on a push from another instance, or at a window's
 * boundary. One event frame is built per change and written to every stream; a heartbeat comment keeps proxies from
 * closing idle ones. The number of streams is bounded per instance (`stream.maxConnections`).
 */
@Injectable()
export class MaintenanceStreamService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MaintenanceModule');
  private readonly streams = new Set<ServerResponse>();
  private current: StateEvent;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  private warnedFull = false;

  constructor(
    private readonly state: MaintenanceStateService,
    @Inject(MAINTENANCE_RESOLVED_OPTIONS) private readonly options: ResolvedMaintenanceOptions,
    @Optional() @Inject(MAINTENANCE_STREAM_PATH) private readonly path: string | null = null,
    @Optional() private readonly appConfig: ApplicationConfig | null = null,
  ) {
    this.current = stateEvent(state.getState());
  }

  onApplicationBootstrap(): void {
    if (!this.options.stream) return;
    if (this.path !== null) this.options.live.url = withGlobalPrefix(this.appConfig?.getGlobalPrefix() ?? '', this.path);
    this.state.onSnapshot((snapshot) => this.publish(stateEvent(snapshot.state)));
    this.current = stateEvent(this.state.getState());
    this.options.live.stateId = this.current.id;
    this.heartbeat = setInterval(() => this.writeToAll(': heartbeat\n\n'), this.options.stream.heartbeatMs);
    this.heartbeat.unref();
  }

  /** The id of the state in force, as the page names it (so its script can tell when it changed). */
  get stateId(): string {
    return this.current.id;
  }

  /** How many streams are open on this instance. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Starts a stream on `response`: the headers, the reconnection delay, and the state in force unless `Last-Event-ID`
   * says the client has it. Answers nothing itself when the stream is refused: the caller says why.
   */
  open(request: IncomingMessage, response: ServerResponse): StreamOpening {
    const limits = this.options.stream;
    if (!limits) return 'disabled';
    if (this.closed) return 'closing';
    // Gone while the request went through the guards: nothing would ever remove it from the set.
    if (response.destroyed || request.socket.destroyed) return 'closing';
    if (this.streams.size >= limits.maxConnections) {
      if (!this.warnedFull) {
        this.warnedFull = true;
        this.logger.warn(`The maintenance stream refused a client: ${limits.maxConnections} streams are open on this instance (stream.maxConnections).`);
      }
      return 'full';
    }
    request.socket.setTimeout(0);
    request.socket.setNoDelay(true);
    request.socket.setKeepAlive(true);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: a compressing proxy or middleware must not buffer the events.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    const lastEventId = request.headers['last-event-id'];
    response.write(lastEventId === this.current.id ? `retry: ${RECONNECT_MS}\n\n` : `retry: ${RECONNECT_MS}\n${this.current.frame}`);
    this.streams.add(response);
    const forget = () => this.streams.delete(response);
    response.once('close', forget);
    response.once('error', forget);
    return 'opened';
  }

  /** Sends `event` to every stream when it differs from the state they were last told. */
  private publish(event: StateEvent): void {
    if (event.id === this.current.id) return;
    this.current = event;
    this.options.live.stateId = event.id;
    this.writeToAll(event.frame);
  }

  private writeToAll(chunk: string): void {
    for (const response of this.streams) {
      if (response.destroyed) {
        this.streams.delete(response);
        continue;
      }
      if (response.writableLength > MAX_QUEUED_BYTES) {
        this.streams.delete(response);
        response.destroy();
        continue;
      }
      response.write(chunk);
    }
  }

  /**
   * Ends every stream before the HTTP server closes: an open stream would otherwise keep `app.close()` waiting. The
   * browsers reconnect, to another instance or to this one once it is back.
   */
  onModuleDestroy(): void {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const response of this.streams) response.end();
    this.streams.clear();
  }
}

/** The stream's URL path under the app's global prefix (`app.setGlobalPrefix('api')` → `/api/maintenance/stream`). */
function withGlobalPrefix(prefix: string, path: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}${path}` : path;
}
