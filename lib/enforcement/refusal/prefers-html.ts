import Negotiator from 'negotiator';

const OFFERED = ['application/json', 'text/html'];

/**
 * Whether the client's `Accept` header prefers HTML to JSON. Ties (e.g. `*\/*` from curl) go to JSON,
 * so only clients that ask for HTML, like browsers, get the page.
 */
export function prefersHtml(acceptHeader: string | undefined): boolean {
  if (!acceptHeader || !acceptHeader.includes('html')) return false;
  return new Negotiator({ headers: { accept: acceptHeader } }).mediaType(OFFERED) === 'text/html';
}
