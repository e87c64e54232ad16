import { AdapterRequest } from '../interfaces/adapter-request.type';

/** The request path with any global prefix and without the query string, on Express and Fastify. */
export function requestPath(request: AdapterRequest): string {
  const url: string = request.originalUrl ?? request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
