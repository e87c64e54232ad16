import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { optionError } from '../maintenance.messages';
import { AdapterRequest } from '../interfaces/adapter-request.type';

/** Finds the client address of a request. */
export type ClientIpResolver = (request: AdapterRequest) => string | undefined;

/**
 * Builds the resolver once. Without `trustProxy` the address is the socket's: `X-Forwarded-For` is
 * ignored, since any client can send it. With it, proxy-addr (the code Express uses) walks the header
 * from the right, trusting `true` (all), a hop count, or a list of addresses/CIDRs.
 */
export function compileClientIpResolver(trustProxy: boolean | number | string[] | undefined): ClientIpResolver {
  if (trustProxy === undefined || trustProxy === false) {
    return (request) => rawRequest(request).socket?.remoteAddress;
  }
  let trust: (address: string, index: number) => boolean;
  if (trustProxy === true) trust = () => true;
  else if (typeof trustProxy === 'number') {
    if (!Number.isInteger(trustProxy) || trustProxy < 0) throw optionError('trustProxy', 'a hop count must be a whole number ≥ 0');
    trust = (_address, index) => index < trustProxy;
  } else if (Array.isArray(trustProxy)) {
    try {
      trust = proxyaddr.compile(trustProxy);
    } catch (error) {
      throw optionError('trustProxy', (error as Error).message);
    }
  } else {
    throw optionError('trustProxy', 'must be true, a hop count or a list of addresses/CIDR ranges');
  }
  return (request) => {
    const raw = rawRequest(request);
    if (!raw.socket) return undefined;
    return proxyaddr(raw, trust);
  };
}

/** The Node request under an Express or Fastify request. */
export function rawRequest(request: AdapterRequest): IncomingMessage {
  return (request?.raw ?? request) as IncomingMessage;
}

/**
 * Whether a request came over HTTPS: an encrypted socket, or, only when proxies are trusted, a first
 * `X-Forwarded-Proto` of `https` (the proxy terminated TLS). Used to mark the bypass cookie `Secure`.
 */
export function compileHttpsCheck(trustProxy: boolean | number | string[] | undefined): (request: AdapterRequest) => boolean {
  const trusted = trustProxy !== undefined && trustProxy !== false && trustProxy !== 0;
  return (request) => {
    const raw = rawRequest(request) as IncomingMessage & { socket: { encrypted?: boolean } };
    if (raw.socket?.encrypted) return true;
    if (!trusted) return false;
    const proto = raw.headers['x-forwarded-proto'];
    const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0].trim().toLowerCase();
    return first === 'https';
  };
}
