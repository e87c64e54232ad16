import { ClientRequest, IncomingMessage, get } from 'node:http';

/** One server-sent event as a browser's EventSource would see it. */
export interface ServerSentEvent {
  id: string | null;
  data: string;
  retry: number | null;
}

/**
 * A minimal EventSource for tests, over a real HTTP connection: it parses `text/event-stream` (id, data, retry and
 * comment lines) and lets a test wait for an event or a comment.
 */
export class SseClient {
  readonly events: ServerSentEvent[] = [];
  readonly comments: string[] = [];
  private buffer = '';
  private pending: ServerSentEvent = { id: null, data: '', retry: null };
  private hasData = false;
  private waiters: (() => void)[] = [];
  private constructor(
    readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
  }

  /** Opens `url`, resolving once the response headers arrived (whatever the status). */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => resolve(new SseClient(request, response)));
      request.on('error', reject);
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** The first event (from the start of the stream) matching `predicate`, waiting up to `withinMs` for it. */
  async next(predicate: (event: ServerSentEvent) => boolean = () => true, withinMs = 5000, from = 0): Promise<ServerSentEvent> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const found = this.events.slice(from).find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${withinMs} ms; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next event whose data, parsed as JSON, matches `predicate`. */
  async nextState<T = Record<string, unknown>>(predicate: (state: T) => boolean, withinMs = 5000): Promise<{ id: string | null; state: T }> {
    const event = await this.next((e) => e.data !== '' && predicate(JSON.parse(e.data) as T), withinMs);
    return { id: event.id, state: JSON.parse(event.data) as T };
  }

  close(): void {
    this.request.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.search(/\r\n|\n|\r/)) !== -1) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  private line(line: string): void {
    if (line === '') {
      if (this.hasData) this.events.push({ ...this.pending, data: this.pending.data.replace(/\n$/, '') });
      this.pending = { id: this.pending.id, data: '', retry: null };
      this.hasData = false;
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') {
      this.pending.data += `${value}\n`;
      this.hasData = true;
    } else if (field === 'id') this.pending.id = value;
    else if (field === 'retry') this.pending.retry = Number(value);
  }
}
