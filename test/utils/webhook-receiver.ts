import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyMaintenanceWebhook } from '../../lib';

/** What the receiver does with a request: answer 2xx, answer 500, or never answer (the sender times out or dies). */
export type ReceiverBehaviour = 'ok' | 'fail' | 'hang';

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  id: string;
  path: string;
  body: string;
  json: Record<string, unknown>;
  signed: boolean;
  answered: ReceiverBehaviour;
  at: number;
}

/**
 * A real HTTP receiver for webhook tests: it verifies each signature with `verifyMaintenanceWebhook`, answers as
 * scripted (then `ok` when the script runs out), and records every request. `acknowledged` is what a receiver
 * that de-duplicates on `webhook-id` would have processed.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** While true, every request is answered 500 (an outage), whatever the script says. */
  down = false;
  private readonly hanging: ServerResponse[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly secret: string,
    private readonly plan: ReceiverBehaviour[],
  ) {}

  static async start(secret: string, script: ReceiverBehaviour[] = []): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = createServer((request, response) => receiver!.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secret, [...script]);
    return receiver;
  }

  /** Requests answered 2xx, by webhook id. */
  get acknowledged(): ReceivedWebhook[] {
    return this.received.filter((webhook) => webhook.answered === 'ok');
  }

  /** Adds behaviours to the script. */
  willAnswer(...behaviours: ReceiverBehaviour[]): void {
    this.plan.push(...behaviours);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answered = this.down ? 'fail' : (this.plan.shift() ?? 'ok');
      this.received.push({
        id: String(request.headers['webhook-id']),
        path: request.url ?? '/',
        body,
        json: JSON.parse(body) as Record<string, unknown>,
        signed: verifyMaintenanceWebhook(this.secret, request.headers, body),
        answered,
        at: Date.now(),
      });
      if (answered === 'hang') this.hanging.push(response);
      else response.writeHead(answered === 'ok' ? 204 : 500).end();
    });
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
