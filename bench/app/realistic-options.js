'use strict';
// Options shaped like a real deployment's: 20 bypass paths (exact, globs and RegExps), 10 CIDR ranges,
// a secret and a `when` predicate. None of them matches the load generator's requests except the one
// path the bypass scenario asks for, so a blocked request pays for every check.

const BYPASS_PATHS = [
  '/health',
  '/healthz',
  '/ready',
  '/live',
  '/metrics',
  '/favicon.ico',
  '/robots.txt',
  '/.well-known/**',
  '/public/**',
  '/assets/**',
  '/static/**',
  '/docs',
  '/docs/**',
  '/auth/login',
  '/auth/callback/*',
  /^\/webhooks\/(stripe|github|slack)$/,
  '/api/v1/status',
  '/api/*/health',
  /^\/internal\/probe\/\d+$/,
  // Last on purpose: the bypass scenario requests /status/ping.
  '/status/**',
];

// Loopback is deliberately absent: autocannon connects from 127.0.0.1 and must not be let through.
const BYPASS_IPS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '192.0.2.10',
  '2001:db8::/32',
  'fd00::/8',
  'fe80::/10',
];

/** What a team would write: read the role from a bearer token on the raw request (no `req.user` yet). */
function isOpsToken(request) {
  const header = request.headers && request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  try {
    const claims = JSON.parse(Buffer.from(header.slice(7), 'base64url').toString('utf8'));
    return claims.role === 'ops';
  } catch {
    return false;
  }
}

function realisticOptions() {
  return {
    bypass: {
      paths: BYPASS_PATHS,
      ips: BYPASS_IPS,
      secret: 'bench-bypass-secret-0f1e2d3c4b5a6978',
      when: isOpsToken,
    },
    admin: {
      authorize: (request) => request.headers['x-role'] === 'admin',
      actor: (request) => request.headers['x-user'],
    },
  };
}

module.exports = { realisticOptions, BYPASS_PATHS, BYPASS_IPS };
