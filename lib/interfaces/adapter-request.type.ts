/**
 * The adapter's own request object (an Express `Request`, a Fastify `FastifyRequest`, or Node's
 * `IncomingMessage` before routing) as the module's internals handle it. Internal: the options' callbacks
 * get the typed `AdapterRequest`.
 */

export type AdapterRequest = any;
