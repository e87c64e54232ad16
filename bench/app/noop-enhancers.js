'use strict';
// A global guard and a global interceptor that do nothing. Used only by bench/overhead.js to measure
// what Nest itself charges per request for having a global guard or interceptor at all, apart from the
// module's own code.

class NoopGuard {
  canActivate() {
    return true;
  }
}

class NoopInterceptor {
  intercept(_context, next) {
    return next.handle();
  }
}

module.exports = { NoopGuard, NoopInterceptor };
