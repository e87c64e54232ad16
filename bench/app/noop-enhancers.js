'use strict';
// Global enhancers that do (next to) nothing. They show what Nest itself charges per request for having a
// global guard or interceptor at all, apart from the module's own code: the http suite uses the guards as
// reference rows, bench/overhead.js all three.

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
    if (typeof response.header === 'function') response.header('x-maintenance-mode', 'read-only');
    else response.setHeader('x-maintenance-mode', 'read-only');
    return true;
  }
}

class NoopInterceptor {
  intercept(_context, next) {
    return next.handle();
  }
}

module.exports = { NoopGuard, HeaderGuard, NoopInterceptor };
