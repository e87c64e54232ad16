'use strict';
// The cheapest place a maintenance check can sit: a hook of the HTTP platform itself (Fastify's
// `onRequest`, an Express middleware in front of the router), outside Nest's guard machinery. bench/overhead.js
// compares these with the reference guards of noop-enhancers.js, to show how much of the module's cost is
// Nest's price for a guard (an execution context and two awaited promises per request) rather than the
// module's own code.

const { REFERENCE_HEADER } = require('./noop-enhancers');

/** Adapter-level hooks by app kind: one that does nothing, one that sets the same header as the reference guard. */
const HOOKS = {
  'noop-hook': {
    fastify: (_request, _reply, done) => done(),
    express: (_request, _response, next) => next(),
  },
  'header-hook': {
    fastify: (_request, reply, done) => {
      reply.header(...REFERENCE_HEADER);
      done();
    },
    express: (_request, response, next) => {
      response.setHeader(...REFERENCE_HEADER);
      next();
    },
  },
};

/** Whether an app kind is the bare app plus a platform hook. */
function isPlatformHookKind(kind) {
  return Object.hasOwn(HOOKS, kind);
}

/**
 * Adds the hook of `kind` to a created, not yet initialised app (before Nest registers its routes, so
 * Fastify applies it to them). Does nothing for other kinds.
 */
function addPlatformHook(app, adapter, kind) {
  if (!isPlatformHookKind(kind)) return;
  const hook = HOOKS[kind][adapter];
  if (adapter === 'fastify') app.getHttpAdapter().getInstance().addHook('onRequest', hook);
  else app.use(hook);
}

module.exports = { isPlatformHookKind, addPlatformHook };
