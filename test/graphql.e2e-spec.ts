import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { MAINTENANCE_DEFAULTS, MaintenanceModuleOptions } from '../lib';
import { GraphqlSubscriptionsTestModule, GraphqlTestModule } from './app/graphql-resolvers';
import { ADAPTERS, createTestApp, TestApp } from './utils/create-test-app';

// Apollo on Express (@as-integrations/express5) and on Fastify (@as-integrations/fastify). Fastify's request
// does not lead to its reply, and Nest's default context holds only the request: on Fastify the app puts the
// reply in the context (as the README says) for the mode headers to be set.

const SECRET = 'let-me-in-during-maintenance';

const OPTIONS: MaintenanceModuleOptions = {
  refreshIntervalMs: 60_000,
  approvals: { required: 0 },
  trustProxy: true,
  bypass: {
    paths: ['/graphql'],
    ips: ['10.0.0.0/8'],
    secret: SECRET,
    when: (req) => req.headers['x-superuser'] === 'yes',
  },
};

/** An operation over HTTP, as a GraphQL client sends it. */
const postGraphql = (t: TestApp, query: string, headers: Record<string, string> = {}) => request(t.server()).post('/graphql').set(headers).send({ query });

/** Nest's default context on Express (it holds `req`, and Express's `req.res`); the request and reply on Fastify. */
const CONTEXT: Record<(typeof ADAPTERS)[number], ApolloDriverConfig['context']> = {
  express: undefined,
  fastify: (request: unknown, reply: unknown) => ({ req: request, reply }),
};

describe.each(ADAPTERS)('GraphQL (Apollo on %s)', (adapter) => {
  let t: TestApp;
  const gql = (query: string, headers: Record<string, string> = {}) => postGraphql(t, query, headers);
  const off = () => t.maintenance.disable({ reason: 'test reset', actor: 'tester' });
  const full = (extra: { endsAt?: Date; message?: string } = {}) => t.maintenance.enable({ mode: 'full', reason: 'test', actor: 'tester', ...extra });
  const readOnly = () => t.maintenance.enable({ mode: 'read-only', reason: 'test', actor: 'tester' });
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn');
    t = await createTestApp({
      adapter,
      database: `graphql-${adapter}`,
      maintenance: OPTIONS,
      imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, context: CONTEXT[adapter] }), GraphqlTestModule],
    });
  });
  afterAll(async () => {
    warn.mockRestore();
    await t.app.close();
  });
  afterEach(() => off());

  it('serves queries and mutations, without the mode header, when maintenance is off', async () => {
    const query = await gql('{ items }').expect(200);
    expect(query.body).toEqual({ data: { items: ['a', 'b'] } });
    expect(query.headers['x-maintenance-mode']).toBeUndefined();
    const mutation = await gql('mutation { addItem(name: "c") }').expect(200);
    expect(mutation.body).toEqual({ data: { addItem: 'c' } });
    await request(t.server()).get('/items').expect(200);
  });

  describe('read-only mode', () => {
    it('lets queries through (both are POSTs: the operation decides) and marks the response', async () => {
      await readOnly();
      const res = await gql('query List { items }').expect(200);
      expect(res.body).toEqual({ data: { items: ['a', 'b'] } });
      expect(res.headers['x-maintenance-mode']).toBe('read-only');
    });

    it('refuses mutations with a READ_ONLY GraphQL error carrying the mode data', async () => {
      await readOnly();
      const res = await gql('mutation Add { addItem(name: "c") }').expect(200);
      expect(res.headers['x-maintenance-mode']).toBe('read-only');
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.body.data).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0]).toMatchObject({
        message: MAINTENANCE_DEFAULTS.readOnlyMessage,
        path: ['addItem'],
      });
      expect(res.body.errors[0].extensions).toEqual({ code: 'READ_ONLY', statusCode: 403, mode: 'read-only', until: null });
    });

    it('honours @BypassMaintenance on a resolver method and on a resolver class', async () => {
      await readOnly();
      expect((await gql('mutation { login }').expect(200)).body).toEqual({ data: { login: 'token' } });
      expect((await gql('mutation { touch }').expect(200)).body).toEqual({ data: { touch: true } });
    });

    it('leaves the HTTP routes as they were', async () => {
      await readOnly();
      await request(t.server()).get('/items').expect(200);
      await request(t.server()).post('/items').send({ a: 1 }).expect(403);
    });
  });

  describe('full mode', () => {
    it('refuses queries and mutations with a MAINTENANCE GraphQL error, Retry-After and the mode header', async () => {
      const endsAt = new Date(Date.now() + 120_000);
      await full({ endsAt, message: 'Upgrading the database' });
      const res = await gql('{ items }').expect(200);
      expect(res.headers['x-maintenance-mode']).toBe('full');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(115);
      expect(retryAfter).toBeLessThanOrEqual(120);
      expect(res.body.data).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0]).toMatchObject({ message: 'Upgrading the database', path: ['items'] });
      expect(res.body.errors[0].extensions).toEqual({
        code: 'MAINTENANCE',
        statusCode: 503,
        mode: 'full',
        until: endsAt.toISOString(),
        retryAfterSeconds: retryAfter,
      });
      const mutation = await gql('mutation { addItem(name: "c") }').expect(200);
      expect(mutation.body.errors[0].extensions).toMatchObject({ code: 'MAINTENANCE', mode: 'full' });
    });

    it('still answers 503 on the HTTP routes', async () => {
      await full();
      const res = await request(t.server()).get('/items').expect(503);
      expect(res.body).toMatchObject({ statusCode: 503, mode: 'full' });
    });

    it('lets a @BypassMaintenance() resolver class through, but not a method exempt from read-only only', async () => {
      await full();
      expect((await gql('{ ping }').expect(200)).body).toEqual({ data: { ping: 'pong' } });
      expect((await gql('mutation { touch }').expect(200)).body).toEqual({ data: { touch: true } });
      const login = await gql('mutation { login }').expect(200);
      expect(login.body.errors[0].extensions.code).toBe('MAINTENANCE');
    });

    it('judges each root field on its own (a non-null refused field nulls the whole data)', async () => {
      await full();
      const res = await gql('{ ping items }').expect(200);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0]).toMatchObject({ path: ['items'], extensions: { code: 'MAINTENANCE' } });
      expect(res.body.data).toBeNull();
    });

    it('lets the secret header through, read from the GraphQL context request', async () => {
      await full();
      const query = await gql('{ items }', { 'X-Maintenance-Bypass': SECRET }).expect(200);
      expect(query.body).toEqual({ data: { items: ['a', 'b'] } });
      const mutation = await gql('mutation { addItem(name: "c") }', { 'X-Maintenance-Bypass': SECRET }).expect(200);
      expect(mutation.body).toEqual({ data: { addItem: 'c' } });
      const wrong = await gql('{ items }', { 'X-Maintenance-Bypass': 'nope' }).expect(200);
      expect(wrong.body.errors[0].extensions.code).toBe('MAINTENANCE');
    });

    it('applies the IP allowlist and the when predicate to the GraphQL request', async () => {
      await full();
      expect((await gql('{ items }', { 'X-Forwarded-For': '10.1.2.3' })).body).toEqual({ data: { items: ['a', 'b'] } });
      expect((await gql('{ items }', { 'X-Superuser': 'yes' })).body).toEqual({ data: { items: ['a', 'b'] } });
      expect((await gql('{ items }', { 'X-Forwarded-For': '192.168.1.1' })).body.errors[0].extensions.code).toBe('MAINTENANCE');
    });

    it('does not apply path bypasses: "/graphql" in bypass.paths exempts nothing', async () => {
      expect(OPTIONS.bypass?.paths).toContain('/graphql');
      await full();
      expect((await gql('{ items }')).body.errors[0].extensions.code).toBe('MAINTENANCE');
    });
  });

  it('logs no warning: every operation above had its response in the context', () => {
    expect(warn.mock.calls.filter(([message]) => String(message).includes('GraphQL'))).toEqual([]);
  });
});

describe("GraphQL on Fastify with Nest's default context (no reply in it)", () => {
  let t: TestApp;
  let warn: jest.SpyInstance;
  beforeAll(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn');
    t = await createTestApp({
      adapter: 'fastify',
      database: 'graphql-fastify-default',
      maintenance: OPTIONS,
      imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true }), GraphqlTestModule],
    });
  });
  afterAll(async () => {
    warn.mockRestore();
    await t.app.close();
  });

  it('still refuses and bypasses by the request; only the mode headers are missing', async () => {
    await t.maintenance.enable({ mode: 'read-only', reason: 'test', actor: 'tester' });
    expect((await postGraphql(t, '{ items }').expect(200)).body).toEqual({ data: { items: ['a', 'b'] } });
    const refused = await postGraphql(t, 'mutation { addItem(name: "c") }').expect(200);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'READ_ONLY', mode: 'read-only' });
    expect(refused.headers['x-maintenance-mode']).toBeUndefined();
    expect((await postGraphql(t, 'mutation { addItem(name: "c") }', { 'X-Maintenance-Bypass': SECRET })).body).toEqual({ data: { addItem: 'c' } });
  });

  it('says so once in the log, with the fix', async () => {
    await t.maintenance.enable({ mode: 'full', reason: 'test', actor: 'tester' });
    await postGraphql(t, '{ items }').expect(200);
    const said = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('GraphQL'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('context: (req, reply) => ({ req, reply })');
  });
});

describe('GraphQL subscriptions over WebSockets (graphql-ws)', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp({
      adapter: 'express',
      database: 'graphql-subscriptions',
      // The `when` predicate lets every HTTP request through: it must not be handed graphql-ws's context instead.
      maintenance: { ...OPTIONS, bypass: { ...OPTIONS.bypass, when: () => true } },
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, subscriptions: { 'graphql-ws': true } }),
        GraphqlTestModule,
        GraphqlSubscriptionsTestModule,
      ],
    });
    await t.app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(t.server().address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => t.app.close());

  /** Subscribes, and resolves with what came before the end: values and errors. */
  async function subscribe(query: string): Promise<{ data: unknown[]; errors: { extensions?: { code?: string } }[] }> {
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      return await new Promise((resolve, reject) => {
        const data: unknown[] = [];
        const errors: { extensions?: { code?: string } }[] = [];
        client.subscribe(
          { query },
          {
            next: (result) => {
              if (result.data) data.push(result.data);
              if (result.errors) errors.push(...(result.errors as never[]));
            },
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the client's error, passed on as it is
            error: (error) => (Array.isArray(error) ? resolve({ data, errors: [...errors, ...error] }) : reject(error)),
            complete: () => resolve({ data, errors }),
          },
        );
      });
    } finally {
      await client.dispose();
    }
  }

  it('are served when maintenance is off', async () => {
    expect(await subscribe('subscription { ticks }')).toEqual({ data: [{ ticks: 'tick' }], errors: [] });
  });

  it('are refused in full mode, whatever the request bypasses say; the decorator lets one through', async () => {
    await t.maintenance.enable({ mode: 'full', reason: 'test', actor: 'tester' });
    try {
      const refused = await subscribe('subscription { ticks }');
      expect(refused.data).toEqual([]);
      expect(refused.errors.map((error) => error.extensions?.code)).toEqual(['MAINTENANCE']);
      expect(await subscribe('subscription { heartbeat }')).toEqual({ data: [{ heartbeat: 'beat' }], errors: [] });
    } finally {
      await t.maintenance.disable({ reason: 'test reset', actor: 'tester' });
    }
  });
});
