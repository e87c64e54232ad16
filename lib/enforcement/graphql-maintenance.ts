import { ExecutionContext } from '@nestjs/common';
import { MaintenanceErrorBody } from './refusal/maintenance.exception';
import { MaintenanceMode } from '../interfaces/maintenance-mode.type';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MAINTENANCE_GRAPHQL_ERROR_CODES } from '../maintenance.constants';

// GraphQL support for the guard. `@nestjs/graphql` and `graphql` are optional peers:
// nothing here imports them at the top level. The resolver's arguments are read structurally and
// `GraphQLError` is required only when an operation is actually refused.

/** The kind of a GraphQL operation, as `info.operation.operation` names it. */
export type GraphqlOperationType = 'query' | 'mutation' | 'subscription';

/** Context type Nest reports for resolvers (`GqlContextType`). */
export const GRAPHQL_CONTEXT_TYPE = 'graphql';

/**
 * The operation a resolver is running for, from its `info` argument (`[root, args, ctx, info]`).
 * `null` when the arguments do not look like a resolver's.
 */
export function graphqlOperationType(context: ExecutionContext): GraphqlOperationType | null {
  const info = context.getArgByIndex<{ operation?: { operation?: unknown } } | undefined>(3);
  const operation = info?.operation?.operation;
  return operation === 'query' || operation === 'mutation' || operation === 'subscription' ? operation : null;
}

/**
 * Whether `mode` refuses an operation of this kind: full mode refuses every operation, read-only mode
 * refuses mutations. Queries and subscriptions only read; an operation of unknown kind counts as a write.
 */
export function graphqlOperationBlocked(mode: MaintenanceMode, operation: GraphqlOperationType | null): boolean {
  return mode === 'full' || (operation !== 'query' && operation !== 'subscription');
}

/**
 * The HTTP request behind a resolver: `ctx.req` (Apollo, which `@nestjs/apollo` always sets) or
 * `ctx.request` / `ctx.reply.request` (Fastify-based drivers). `undefined` when there is none, as for
 * subscriptions over WebSockets.
 */
export function graphqlRequest(context: ExecutionContext): AdapterRequest | undefined {
  const ctx = graphqlContext(context);
  const request: unknown = ctx?.req ?? ctx?.request ?? ctx?.reply?.request;
  return isHttpRequest(request) ? request : undefined;
}

/**
 * `@nestjs/apollo` puts graphql-ws's own context under `req` for subscriptions over WebSockets: no method, no
 * headers. Handing that to the bypasses would let a `when` predicate see something that is not a request.
 */
function isHttpRequest(value: unknown): value is AdapterRequest {
  if (value === null || typeof value !== 'object') return false;
  const { method, headers } = value as { method?: unknown; headers?: unknown };
  return typeof method === 'string' && headers !== null && typeof headers === 'object';
}

/** The HTTP response behind a resolver (`ctx.res`, `ctx.reply`, or Express's `req.res`), if any. */
export function graphqlResponse(context: ExecutionContext): unknown {
  const ctx = graphqlContext(context);
  return ctx?.res ?? ctx?.reply ?? ctx?.req?.res ?? undefined;
}

/** The parts of a GraphQL context (the resolver's third argument) read here; drivers differ. */
interface GraphqlContextShape {
  req?: AdapterRequest;
  request?: AdapterRequest;
  res?: unknown;
  reply?: { request?: AdapterRequest };
}

function graphqlContext(context: ExecutionContext): GraphqlContextShape | undefined {
  const ctx: unknown = context.getArgByIndex(2);
  return ctx !== null && typeof ctx === 'object' ? ctx : undefined;
}

/** What a refused GraphQL operation carries in `extensions`. @publicApi */
export interface MaintenanceGraphqlErrorExtensions {
  /** `MAINTENANCE` (full mode) or `READ_ONLY` (a mutation in read-only mode). */
  code: (typeof MAINTENANCE_GRAPHQL_ERROR_CODES)[MaintenanceMode];
  /** The status the same request would get over plain HTTP (503, or the read-only status). */
  statusCode: number;
  mode: MaintenanceMode;
  until: string | null;
  /** Full mode only. */
  retryAfterSeconds?: number;
}

type GraphqlErrorClass = new (message: string, options: { extensions: Record<string, unknown> }) => Error;
let graphqlErrorClass: GraphqlErrorClass | null | undefined;

function loadGraphqlError(): GraphqlErrorClass | null {
  if (graphqlErrorClass === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      graphqlErrorClass = (require('graphql') as { GraphQLError: GraphqlErrorClass }).GraphQLError;
    } catch {
      graphqlErrorClass = null;
    }
  }
  return graphqlErrorClass;
}

/**
 * The error a refused operation throws: a `GraphQLError` whose `extensions` hold the mode data of the
 * HTTP body, so Apollo sends them as they are. Should `graphql` not load, a plain `Error` with the same
 * `extensions` is thrown; graphql-js copies an original error's `extensions` when it locates it.
 */
export function graphqlMaintenanceError(body: MaintenanceErrorBody, retryAfterSeconds: number | null): Error {
  const extensions: MaintenanceGraphqlErrorExtensions = {
    code: MAINTENANCE_GRAPHQL_ERROR_CODES[body.mode],
    statusCode: body.statusCode,
    mode: body.mode,
    until: body.until,
  };
  if (retryAfterSeconds !== null) extensions.retryAfterSeconds = retryAfterSeconds;
  const GraphQLError = loadGraphqlError();
  if (GraphQLError) return new GraphQLError(body.message, { extensions: { ...extensions } });
  return Object.assign(new Error(body.message), { extensions: { ...extensions } });
}

/**
 * Sets headers on the HTTP response behind a resolver, when there is one whose headers are not sent yet.
 * Never throws: for GraphQL the headers are a courtesy, the error (or the data) is the answer.
 * @returns `false` when the context holds no response at all (as on Fastify with Nest's default context).
 */
export function setGraphqlHeaders(
  adapter: { setHeader(response: unknown, name: string, value: string): unknown },
  context: ExecutionContext,
  headers: readonly (readonly [string, string])[],
): boolean {
  const response = graphqlResponse(context) as { headersSent?: boolean; sent?: boolean } | undefined;
  if (response === undefined || response === null) return false;
  if (response.headersSent === true || response.sent === true) return true;
  try {
    for (const [name, value] of headers) adapter.setHeader(response, name, value);
  } catch {
    // A response of another server than the adapter's (a custom context): no headers, same error.
  }
  return true;
}

/** Logged once when an operation over HTTP has no response in its GraphQL context to mark. */
export const GRAPHQL_NO_RESPONSE_WARNING =
  'A GraphQL operation came over HTTP without its response in the GraphQL context, so X-Maintenance-Mode and ' +
  'Retry-After cannot be set on GraphQL answers (refusals work the same). On Fastify, put the reply in the ' +
  'context: GraphQLModule.forRoot({ ..., context: (req, reply) => ({ req, reply }) }).';
