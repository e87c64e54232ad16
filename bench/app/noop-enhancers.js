'use strict';
const { HttpException, Inject } = require('@nestjs/common');
const { HttpAdapterHost } = require('@nestjs/core');
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

/**
 * The least any guard can do to refuse a request in Nest: mark the response as the module does (the mode
 * header and Retry-After, through the adapter) and throw an exception built once, which Nest's own exception
 * handler answers. What this row costs against the bare app is what Nest charges for a refusal by a guard.
 */
class RefusingGuard {
  constructor(adapterHost) {
    this.adapterHost = adapterHost;
  }

  canActivate(context) {
    const response = context.getArgByIndex(1);
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'x-maintenance-mode', 'full');
    adapter.setHeader(response, 'Retry-After', '300');
    throw PREBUILT_REFUSAL;
  }
}
Inject(HttpAdapterHost)(RefusingGuard, undefined, 0);

const PREBUILT_REFUSAL = new HttpException(
  { statusCode: 503, error: 'Service Unavailable', message: 'We are performing maintenance and will be back shortly.', mode: 'full', until: null },
  503,
);

class NoopInterceptor {
  intercept(_context, next) {
    return next.handle();
  }
}

module.exports = { NoopGuard, HeaderGuard, RefusingGuard, NoopInterceptor, REFERENCE_HEADER };
