import { AddressInfo } from 'node:net';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { checkWebhookUrl, deliverWebhook } from './webhook-delivery';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

const HEADERS = { 'content-type': 'application/json', 'webhook-id': 'dlv_1', 'user-agent': 'nestjs-maintenance-webhooks' };
const BODY = '{"id":"dlv_1","type":"approved"}';

describe('deliverWebhook', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];
  /** Set by the `stream` route once the client has gone away. */
  let streamClosed: Promise<void>;

  beforeAll(async () => {
    let closeStream!: () => void;
    streamClosed = new Promise((resolve) => (closeStream = resolve));
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        switch (req.url) {
          case '/204':
            res.writeHead(204).end();
            break;
          case '/500':
            res.writeHead(500, { 'content-type': 'text/plain' }).end('database\non fire');
            break;
          case '/302':
            res.writeHead(302, { location: `${base}/204` }).end();
            break;
          case '/hang':
            break; // never answers
          case '/stream': {
            // 200 with a body that never ends: the sender must not wait for it, nor keep the socket.
            res.writeHead(200, { 'content-type': 'text/plain' });
            const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
            res.on('close', () => {
              clearInterval(timer);
              closeStream();
            });
            break;
          }
          default:
            res.writeHead(404).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('POSTs the body with the headers and takes 204 as delivered', async () => {
    const result = await deliverWebhook(`${base}/204`, HEADERS, BODY, 5000);
    expect(result).toEqual({ ok: true, status: 204, error: null, durationMs: expect.any(Number) });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/204', body: BODY });
    expect(received[0].headers).toMatchObject(HEADERS);
  });

  it('reports an error status as HTTP <status>', async () => {
    expect(await deliverWebhook(`${base}/500`, HEADERS, BODY, 5000)).toEqual({ ok: false, status: 500, error: 'HTTP 500', durationMs: expect.any(Number) });
  });

  it('does not follow a redirect, and counts it as a failure', async () => {
    const result = await deliverWebhook(`${base}/302`, HEADERS, BODY, 5000);
    expect(result).toMatchObject({ ok: false, status: 302, error: 'HTTP 302 (redirects are not followed)' });
    expect(received.map((request) => request.url)).toEqual(['/302']);
  });

  it('gives up after the time-out when the receiver never answers', async () => {
    const result = await deliverWebhook(`${base}/hang`, HEADERS, BODY, 300);
    expect(result).toMatchObject({ ok: false, status: null, error: 'timed out after 300 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(3000);
  });

  it('does not read a 2xx body, and lets go of its connection', async () => {
    const result = await deliverWebhook(`${base}/stream`, HEADERS, BODY, 5000);
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    await streamClosed; // the receiver sees the connection closed: no socket left behind
  });

  it('reports a closed port as connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await deliverWebhook(`http://127.0.0.1:${port}/hook`, HEADERS, BODY, 5000)).toEqual({
      ok: false,
      status: null,
      error: 'connection refused',
      durationMs: expect.any(Number),
    });
  });

  it('says so when fetch refuses the port', async () => {
    // 6666 is on the Fetch standard's list of "bad ports" (IRC): undici refuses it before connecting.
    expect(await deliverWebhook('http://127.0.0.1:6666/hook', HEADERS, BODY, 5000)).toMatchObject({
      ok: false,
      status: null,
      error: 'port blocked by fetch (a "bad port" of the Fetch standard)',
    });
  });

  it.each([
    ['ftp://example.com/hook', /^invalid URL: it must be an http: or https: URL/],
    ['data:application/json,{}', /^invalid URL: it must be an http: or https: URL/],
    ['http://user:pass@127.0.0.1/hook', /^invalid URL: it must not contain a user name or password/],
    ['not a url', /^invalid URL: it must be an absolute URL/],
  ])('does not request %p', async (url, error) => {
    const result = await deliverWebhook(url, HEADERS, BODY, 5000);
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.error).toMatch(error);
    expect(received).toHaveLength(0);
  });

  it.each([0, -1, NaN, Infinity])('refuses the time-out %p without requesting', async (timeoutMs) => {
    expect(await deliverWebhook(`${base}/204`, HEADERS, BODY, timeoutMs)).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringMatching(/^invalid timeout/),
    });
    expect(received).toHaveLength(0);
  });

  it('reports a header fetch refuses as a short error instead of throwing', async () => {
    const result = await deliverWebhook(`${base}/204`, { 'x-bad': 'line\nbreak' }, BODY, 5000);
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.error).toEqual(expect.any(String));
    expect(result.error!.length).toBeLessThanOrEqual(200);
    expect(result.error).not.toMatch(/\n/);
  });
});

describe('checkWebhookUrl', () => {
  it.each(['https://hooks.slack.com/services/T000/B000/XXXX', 'http://127.0.0.1:8080/hook?token=abc', 'https://[::1]/hook'])('accepts %p', (url) => {
    expect(checkWebhookUrl(url)).toBeNull();
  });

  it.each([
    ['', /non-empty/],
    ['/relative/path', /absolute URL/],
    ['hooks.example.com/maintenance', /absolute URL/],
    ['ws://example.com/hook', /http: or https:.*not ws:/],
    ['file:///etc/passwd', /http: or https:/],
    ['javascript:alert(1)', /http: or https:/],
    ['https://user@example.com/hook', /user name or password/],
    ['https://:secret@example.com/hook', /user name or password/],
  ])('refuses %p', (url, problem) => {
    expect(checkWebhookUrl(url)).toMatch(problem);
  });

  it('refuses what is not a string', () => {
    expect(checkWebhookUrl(undefined as unknown as string)).toMatch(/non-empty string/);
  });
});
