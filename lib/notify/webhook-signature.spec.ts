import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { checkWebhookSecret, signWebhook, verifyMaintenanceWebhook, webhookHeaders } from './webhook-signature';

/** The Standard Webhooks reference libraries' test vector (libraries/javascript/src/webhook.test.ts, "sign function works"). */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const SECRET = 'a plain secret of enough length';
const ID = 'dlv_0b7c1f5e-8f1a-4c3e-9d2b-7a6e5f4c3b2a';
const BODY = '{"id":"dlv_1","type":"approved","note":"grüße ✓"}';
const NOW = Date.UTC(2026, 11, 1, 21, 0, 0, 500);

/** The signature computed here, independently of the module. */
function expectedSignature(key: Buffer, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('signWebhook', () => {
  it('matches the Standard Webhooks reference vector', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('signs `${id}.${timestamp}.${body}` with the UTF-8 bytes of a plain secret', () => {
    expect(signWebhook(SECRET, ID, 1_800_000_000, BODY)).toBe(expectedSignature(Buffer.from(SECRET, 'utf8'), ID, 1_800_000_000, BODY));
  });

  it('signs with the base64-decoded key of a whsec_ secret', () => {
    const key = randomBytes(32);
    const secret = `whsec_${key.toString('base64')}`;
    expect(signWebhook(secret, ID, 1_800_000_000, BODY)).toBe(expectedSignature(key, ID, 1_800_000_000, BODY));
    // Not the secret's characters: the prefix says they are base64.
    expect(signWebhook(secret, ID, 1_800_000_000, BODY)).not.toBe(expectedSignature(Buffer.from(secret, 'utf8'), ID, 1_800_000_000, BODY));
  });

  it.each([
    ['', /non-empty/],
    ['short', /at least 16 bytes/],
    ['whsec_not base64!', /standard base64/],
    ['whsec_AAAA=', /standard base64/],
    ['whsec_AAAAAAAAAAAAAAAAAAAAAB', /standard base64/], // stray bits in the last character
    ['whsec_AAAA', /at least 16 bytes/],
  ])('refuses the secret %p', (secret, problem) => {
    expect(checkWebhookSecret(secret)).toMatch(problem);
    expect(() => signWebhook(secret, ID, 1, BODY)).toThrow(problem);
  });

  it('accepts whsec_ secrets with and without padding', () => {
    const key = randomBytes(20); // 20 bytes: base64 with one "=" of padding
    const padded = key.toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    expect(checkWebhookSecret(`whsec_${padded}`)).toBeNull();
    expect(signWebhook(`whsec_${padded.replace(/=+$/, '')}`, ID, 1, BODY)).toBe(signWebhook(`whsec_${padded}`, ID, 1, BODY));
  });

  it.each(['', 'with space', 'line\nbreak', 'é'])('refuses the id %p, which would not be a valid header', (id) => {
    expect(() => signWebhook(SECRET, id, 1, BODY)).toThrow(/webhook id/);
  });

  it.each([1.5, -1, NaN, Infinity])('refuses the timestamp %p', (timestamp) => {
    expect(() => signWebhook(SECRET, ID, timestamp, BODY)).toThrow(/timestamp/);
  });
});

describe('webhookHeaders', () => {
  it('gives the Standard Webhooks headers, signed at now in whole seconds', () => {
    expect(webhookHeaders(SECRET, ID, BODY, NOW)).toEqual({
      'content-type': 'application/json',
      'user-agent': 'nestjs-maintenance-webhooks',
      'webhook-id': ID,
      'webhook-timestamp': String(Math.floor(NOW / 1000)),
      'webhook-signature': expectedSignature(Buffer.from(SECRET), ID, Math.floor(NOW / 1000), BODY),
    });
  });

  it('keeps the id and renews timestamp and signature on a retry', () => {
    const first = webhookHeaders(SECRET, ID, BODY, NOW);
    const retry = webhookHeaders(SECRET, ID, BODY, NOW + 10_000);
    expect(retry['webhook-id']).toBe(first['webhook-id']);
    expect(Number(retry['webhook-timestamp']) - Number(first['webhook-timestamp'])).toBe(10);
    expect(retry['webhook-signature']).not.toBe(first['webhook-signature']);
  });
});

describe('verifyMaintenanceWebhook', () => {
  const headers = webhookHeaders(SECRET, ID, BODY, NOW);
  const verify = (h: Record<string, string | string[] | undefined>, body: string | Buffer = BODY, now = NOW, secret = SECRET) =>
    verifyMaintenanceWebhook(secret, h, body, { now });

  it('accepts what webhookHeaders signed, as a string or as the raw Buffer', () => {
    expect(verify(headers)).toBe(true);
    expect(verify(headers, Buffer.from(BODY, 'utf8'))).toBe(true);
  });

  it('accepts the reference vector at its time, with a whsec_ secret', () => {
    const vectorHeaders = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };
    expect(verifyMaintenanceWebhook(VECTOR.secret, vectorHeaders, VECTOR.body, { now: VECTOR.timestamp * 1000 })).toBe(true);
    expect(verifyMaintenanceWebhook(VECTOR.secret, vectorHeaders, VECTOR.body, { now: (VECTOR.timestamp + 301) * 1000 })).toBe(false);
    // The same characters as a plain secret are another key.
    expect(verifyMaintenanceWebhook(VECTOR.secret.slice(6), vectorHeaders, VECTOR.body, { now: VECTOR.timestamp * 1000 })).toBe(false);
  });

  it('matches header names whatever their case, and reads a fetch Headers object', () => {
    const upper = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect(verify(upper)).toBe(true);
    expect(verifyMaintenanceWebhook(SECRET, new Headers(headers), BODY, { now: NOW })).toBe(true);
  });

  it('refuses a tampered body, id, timestamp or signature', () => {
    expect(verify(headers, BODY.replace('approved', 'rejected'))).toBe(false);
    expect(verify(headers, `${BODY} `)).toBe(false);
    expect(verify({ ...headers, 'webhook-id': `${ID}x` })).toBe(false);
    expect(verify({ ...headers, 'webhook-timestamp': String(Math.floor(NOW / 1000) - 1) })).toBe(false);
    const signature = headers['webhook-signature'];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(verify({ ...headers, 'webhook-signature': flipped })).toBe(false);
    expect(verify({ ...headers, 'webhook-signature': signature.slice(0, -1) })).toBe(false);
    expect(verify(headers, BODY, NOW, `${SECRET}!`)).toBe(false);
  });

  it('refuses timestamps outside the tolerance, either way', () => {
    const sentAt = Math.floor(NOW / 1000) * 1000;
    expect(verify(headers, BODY, sentAt + 300_999)).toBe(true);
    expect(verify(headers, BODY, sentAt + 301_000)).toBe(false);
    expect(verify(headers, BODY, sentAt - 300_000)).toBe(true);
    expect(verify(headers, BODY, sentAt - 301_000)).toBe(false);
    expect(verifyMaintenanceWebhook(SECRET, headers, BODY, { now: sentAt + 3_600_000, toleranceSeconds: 3600 })).toBe(true);
    expect(verifyMaintenanceWebhook(SECRET, headers, BODY, { now: sentAt + 1000, toleranceSeconds: 0 })).toBe(false);
  });

  it('uses the current time by default', () => {
    expect(verifyMaintenanceWebhook(SECRET, webhookHeaders(SECRET, ID, BODY), BODY)).toBe(true);
    expect(verifyMaintenanceWebhook(SECRET, headers, BODY)).toBe(false); // signed in 2026
  });

  it('accepts any one matching v1 signature among several (secret rotation), and ignores other versions', () => {
    const good = headers['webhook-signature'];
    const other = signWebhook('another secret, the old one', ID, Math.floor(NOW / 1000), BODY);
    expect(verify({ ...headers, 'webhook-signature': `${other} ${good}` })).toBe(true);
    expect(verify({ ...headers, 'webhook-signature': `${good} ${other}` })).toBe(true);
    expect(verify({ ...headers, 'webhook-signature': `v2,${good.slice(3)} ${other}` })).toBe(false);
    expect(verify({ ...headers, 'webhook-signature': `v1a,${good.slice(3)}` })).toBe(false);
    // Node hands a repeated header over as an array.
    expect(verify({ ...headers, 'webhook-signature': [other, good] })).toBe(true);
  });

  it.each<[string, Record<string, string | string[] | undefined>]>([
    ['no id', { ...headers, 'webhook-id': undefined }],
    ['no timestamp', { ...headers, 'webhook-timestamp': undefined }],
    ['no signature', { ...headers, 'webhook-signature': undefined }],
    ['an empty signature', { ...headers, 'webhook-signature': '' }],
    ['just "v1,"', { ...headers, 'webhook-signature': 'v1,' }],
    ['two ids', { ...headers, 'webhook-id': [ID, ID] }],
    ['the id twice, in two spellings', { ...headers, 'Webhook-Id': ID }],
    ['a timestamp with trailing garbage', { ...headers, 'webhook-timestamp': `${headers['webhook-timestamp']}abc` }],
    ['a negative timestamp', { ...headers, 'webhook-timestamp': `-${headers['webhook-timestamp']}` }],
    ['a fractional timestamp', { ...headers, 'webhook-timestamp': `${headers['webhook-timestamp']}.0` }],
  ])('refuses %s', (_case, h) => {
    expect(verify(h)).toBe(false);
  });

  it('returns false, without throwing, for arguments plain JavaScript could pass', () => {
    const call = verifyMaintenanceWebhook as (...args: unknown[]) => boolean;
    expect(call(SECRET, null, BODY)).toBe(false);
    expect(call(SECRET, 'headers', BODY)).toBe(false);
    expect(call(SECRET, headers, { id: 'parsed by express.json()' }, { now: NOW })).toBe(false);
    expect(call(SECRET, headers, undefined, { now: NOW })).toBe(false);
    expect(call(undefined, headers, BODY, { now: NOW })).toBe(false);
    expect(call('whsec_???', headers, BODY, { now: NOW })).toBe(false);
    expect(call(SECRET, headers, BODY, { now: NaN })).toBe(false);
    expect(call(SECRET, headers, BODY, { now: NOW, toleranceSeconds: NaN })).toBe(false);
    expect(call(SECRET, headers, BODY, { now: NOW, toleranceSeconds: -1 })).toBe(false);
    expect(typeof call(SECRET, headers, BODY, null)).toBe('boolean');
    const throwing = new Proxy(headers, {
      ownKeys: () => {
        throw new Error('hostile');
      },
    });
    expect(call(SECRET, throwing, BODY, { now: NOW })).toBe(false);
  });

  it('checks a Uint8Array body as its bytes', () => {
    const bytes = new TextEncoder().encode(BODY);
    expect(verifyMaintenanceWebhook(SECRET, headers, bytes as Buffer, { now: NOW })).toBe(true);
  });

  describe('properties', () => {
    const secret = fc.oneof(
      fc.string({ minLength: 16, unit: 'binary' }),
      fc.uint8Array({ minLength: 16, maxLength: 64 }).map((key) => `whsec_${Buffer.from(key).toString('base64')}`),
    );
    const id = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);
    const timestamp = fc.integer({ min: 0, max: 4_102_444_800 });

    it('never throws, whatever the input', () => {
      const headerValue = fc.oneof(fc.string(), fc.array(fc.string()), fc.constant(undefined), fc.anything());
      const headersArb = fc.oneof(
        fc.dictionary(fc.constantFrom('webhook-id', 'Webhook-Timestamp', 'WEBHOOK-SIGNATURE', 'x-other'), headerValue),
        fc.anything(),
      );
      fc.assert(
        fc.property(fc.oneof(secret, fc.anything()), headersArb, fc.oneof(fc.string(), fc.uint8Array(), fc.anything()), fc.anything(), (s, h, b, o) => {
          const call = verifyMaintenanceWebhook as (...args: unknown[]) => unknown;
          expect(typeof call(s, h, b, o)).toBe('boolean');
        }),
        { numRuns: 500 },
      );
    });

    it('accepts every signed body and refuses it once changed (as text)', () => {
      fc.assert(
        // unit 'binary': well-formed code points. Two strings with different lone surrogates are the same UTF-8 bytes
        // on the wire (both U+FFFD), so they are not a change a receiver could see.
        fc.property(secret, id, timestamp, fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (s, i, t, body, other) => {
          fc.pre(body !== other);
          const h = { 'webhook-id': i, 'webhook-timestamp': String(t), 'webhook-signature': signWebhook(s, i, t, body) };
          expect(verifyMaintenanceWebhook(s, h, body, { now: t * 1000 })).toBe(true);
          expect(verifyMaintenanceWebhook(s, h, other, { now: t * 1000 })).toBe(false);
        }),
        { numRuns: 300 },
      );
    });

    it('refuses a signed body with any byte changed, added or removed', () => {
      fc.assert(
        fc.property(
          secret,
          id,
          timestamp,
          fc.string({ unit: 'binary', minLength: 1 }),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          fc.constantFrom('flip', 'insert', 'delete'),
          (s, i, t, body, at, delta, how) => {
            const bytes = Buffer.from(body, 'utf8');
            const index = at % bytes.length;
            let mutated: Buffer;
            if (how === 'flip') {
              mutated = Buffer.from(bytes);
              mutated[index] = (mutated[index] + delta) % 256;
            } else if (how === 'insert') {
              mutated = Buffer.concat([bytes.subarray(0, index), Buffer.from([delta]), bytes.subarray(index)]);
            } else {
              mutated = Buffer.concat([bytes.subarray(0, index), bytes.subarray(index + 1)]);
            }
            const h = webhookHeaders(s, i, body, t * 1000);
            expect(verifyMaintenanceWebhook(s, h, bytes, { now: t * 1000 })).toBe(true);
            expect(verifyMaintenanceWebhook(s, h, mutated, { now: t * 1000 })).toBe(false);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
