'use strict';
// Global enhancers that do (next to) nothing. They show what Nest itself charges per request for having a
// global guard or interceptor at all, apart from the module's own code: the http suite uses the guards as
// reference rows, bench/overhead.js all three.

/** The header the reference guard and platform hook set: the module's own in read-only mode. */
const REFERENCE_HEADER = ['x-maintenance-mode', 'read-only'];

class NoopGuard {
  canActivate() {
    return true;
  }
}

/**
 * The least a maintenance guard can do while a mode is on: the issue asks for `X-Maintenance-Mode` on
 * every response, so set that one header (through the adapter's own call) and let the request through.
 */
class HeaderGuard {
  canActivate(context) {
    const response = context.getArgByIndex(1);
    if (typeof response.header === 'function') response.header(...REFERENCE_HEADER);
    else response.setHeader(...REFERENCE_HEADER);
    return true;
  }
}

class NoopInterceptor {
  intercept(_context, next) {
    return next.handle();
  }
}

module.exports = { NoopGuard, HeaderGuard, NoopInterceptor, REFERENCE_HEADER };
