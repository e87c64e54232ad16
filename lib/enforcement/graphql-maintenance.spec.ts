import { ExecutionContext } from '@nestjs/common';
import { buildSchema, graphql, GraphQLError, GraphQLResolveInfo } from 'graphql';
import {
  graphqlMaintenanceError,
  graphqlOperationBlocked,
  graphqlOperationType,
  graphqlRequest,
  graphqlResponse,
  setGraphqlHeaders,
} from './graphql-maintenance';

/** A resolver's execution context as Nest builds it: the arguments are `[root, args, ctx, info]`. */
function resolverContext(ctx: unknown, info: unknown): ExecutionContext {
  const args = [undefined, {}, ctx, info];
  return { getType: () => 'graphql', getArgs: () => args, getArgByIndex: (index: number) => args[index] } as unknown as ExecutionContext;
}

/** The `info` graphql-js really hands a root resolver for `source`. */
async function infoFor(source: string): Promise<GraphQLResolveInfo> {
  const schema = buildSchema('type Query { items: [String] } type Mutation { addItem: String }');
  let seen: GraphQLResolveInfo | undefined;
  const capture = (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
    seen = info;
    return null;
  };
  const result = await graphql({ schema, source, rootValue: { items: capture, addItem: capture } });
  expect(result.errors).toBeUndefined();
  return seen!;
}

describe('graphqlOperationType', () => {
  it.each([
    ['{ items }', 'query'],
    ['query List { items }', 'query'],
    ['mutation { addItem }', 'mutation'],
    ['mutation Add { addItem }', 'mutation'],
  ])('reads %s as a %s from the real resolver info', async (source, expected) => {
    expect(graphqlOperationType(resolverContext({}, await infoFor(source)))).toBe(expected);
  });

  it('reads subscriptions', () => {
    expect(graphqlOperationType(resolverContext({}, { operation: { operation: 'subscription' } }))).toBe('subscription');
  });

  it.each([[undefined], [null], [{}], [{ operation: null }], [{ operation: { operation: 'delete' } }]])(
    'answers null for arguments that are not a resolver info (%p)',
    (info) => {
      expect(graphqlOperationType(resolverContext({}, info))).toBeNull();
    },
  );
});

describe('graphqlOperationBlocked', () => {
  it.each([
    ['full', 'query', true],
    ['full', 'mutation', true],
    ['full', 'subscription', true],
    ['full', null, true],
    ['read-only', 'query', false],
    ['read-only', 'subscription', false],
    ['read-only', 'mutation', true],
    ['read-only', null, true],
  ] as const)('%s mode, %s operation → blocked: %s', (mode, operation, expected) => {
    expect(graphqlOperationBlocked(mode, operation)).toBe(expected);
  });
});

describe('graphqlRequest and graphqlResponse', () => {
  const req = { method: 'POST', headers: {}, res: { headersSent: false } };

  it('find the Express request and response of an Apollo context ({ req })', () => {
    const context = resolverContext({ req }, undefined);
    expect(graphqlRequest(context)).toBe(req);
    expect(graphqlResponse(context)).toBe(req.res);
  });

  it('prefer ctx.res when the context has one', () => {
    const res = {};
    expect(graphqlResponse(resolverContext({ req, res }, undefined))).toBe(res);
  });

  it('find a Fastify-style request and reply', () => {
    const request = { method: 'POST', headers: {} };
    const reply = { request };
    const context = resolverContext({ reply }, undefined);
    expect(graphqlRequest(context)).toBe(request);
    expect(graphqlResponse(context)).toBe(reply);
    expect(graphqlRequest(resolverContext({ request }, undefined))).toBe(request);
  });

  it.each([[undefined], [null], ['text'], [{ connectionParams: {} }]])('find nothing in %p', (ctx) => {
    expect(graphqlRequest(resolverContext(ctx, undefined))).toBeUndefined();
    expect(graphqlResponse(resolverContext(ctx, undefined))).toBeUndefined();
  });

  it("take no request from graphql-ws's context, which @nestjs/apollo puts under req for subscriptions", () => {
    expect(graphqlRequest(resolverContext({ req: { connectionParams: {}, extra: { request: {} } } }, undefined))).toBeUndefined();
  });
});

describe('setGraphqlHeaders', () => {
  const adapter = { setHeader: (response: { headers: Record<string, string> }, name: string, value: string) => (response.headers[name] = value) };

  it('sets the headers on the response behind the resolver', () => {
    const res = { headers: {} as Record<string, string>, headersSent: false };
    expect(setGraphqlHeaders(adapter, resolverContext({ req: { res } }, undefined), [['X-Maintenance-Mode', 'full']])).toBe(true);
    expect(res.headers).toEqual({ 'X-Maintenance-Mode': 'full' });
  });

  it('finds the reply a Fastify app puts in the context, and says when there is no response at all', () => {
    const reply = { headers: {} as Record<string, string>, sent: false };
    expect(setGraphqlHeaders(adapter, resolverContext({ req: {}, reply }, undefined), [['X-Maintenance-Mode', 'full']])).toBe(true);
    expect(reply.headers).toEqual({ 'X-Maintenance-Mode': 'full' });
    expect(setGraphqlHeaders(adapter, resolverContext({ req: {} }, undefined), [['X-Maintenance-Mode', 'full']])).toBe(false);
  });

  it('leaves sent responses alone and never throws', () => {
    const sent = { headers: {} as Record<string, string>, headersSent: true };
    setGraphqlHeaders(adapter, resolverContext({ res: sent }, undefined), [['X-Maintenance-Mode', 'full']]);
    expect(sent.headers).toEqual({});
    const throwing = {
      setHeader: () => {
        throw new TypeError('not my response');
      },
    };
    expect(() => setGraphqlHeaders(throwing, resolverContext({ res: {} }, undefined), [['A', 'b']])).not.toThrow();
    expect(() => setGraphqlHeaders(adapter, resolverContext({}, undefined), [['A', 'b']])).not.toThrow();
  });
});

describe('graphqlMaintenanceError', () => {
  it('is a GraphQLError carrying the mode data of the HTTP body (full mode)', () => {
    const error = graphqlMaintenanceError(
      { statusCode: 503, error: 'Service Unavailable', code: 'MAINTENANCE' as const, message: 'Upgrading', mode: 'full', until: '2030-01-01T00:00:00.000Z' },
      120,
    );
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe('Upgrading');
    expect((error as GraphQLError).extensions).toEqual({
      code: 'MAINTENANCE',
      statusCode: 503,
      mode: 'full',
      until: '2030-01-01T00:00:00.000Z',
      retryAfterSeconds: 120,
    });
  });

  it('has no retryAfterSeconds in read-only mode', () => {
    const error = graphqlMaintenanceError(
      { statusCode: 403, error: 'Read-Only Mode', code: 'READ_ONLY' as const, message: 'Read only', mode: 'read-only', until: null },
      null,
    );
    expect((error as GraphQLError).extensions).toEqual({ code: 'READ_ONLY', statusCode: 403, mode: 'read-only', until: null });
  });

  it('falls back to a plain Error with the same extensions when graphql cannot be loaded', () => {
    jest.isolateModules(() => {
      jest.doMock('graphql', () => {
        throw new Error("Cannot find module 'graphql'");
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('./graphql-maintenance') as typeof import('./graphql-maintenance');
      const error = isolated.graphqlMaintenanceError({ statusCode: 503, error: 'x', code: 'MAINTENANCE', message: 'Down', mode: 'full', until: null }, 300);
      expect(error).not.toBeInstanceOf(GraphQLError);
      expect(error.message).toBe('Down');
      expect((error as Error & { extensions: unknown }).extensions).toEqual({
        code: 'MAINTENANCE',
        statusCode: 503,
        mode: 'full',
        until: null,
        retryAfterSeconds: 300,
      });
    });
    jest.dontMock('graphql');
  });
});
