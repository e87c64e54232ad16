import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Express's request used here (`@types/express` is not installed). */
type Request = IncomingMessage & { originalUrl: string; method: string; body: unknown };
type NextFunction = (error?: unknown) => void;

/**
 * A test-only stand-in for `@as-integrations/express5`, which `@nestjs/apollo` loads for Express apps but
 * which is not installed here (Apollo Server 5 no longer ships an Express middleware). It does what that
 * package does: turn the Express request into Apollo's `HTTPGraphQLRequest`, run it through
 * `executeHTTPGraphQLRequest` (the real Apollo pipeline: parsing, execution, error formatting) and write
 * Apollo's answer back. Register it with
 * `jest.mock('@as-integrations/express5', () => require('./utils/apollo-express-stand-in'), { virtual: true })`.
 * Apps use the real package: `npm install @as-integrations/express5`.
 */
export function expressMiddleware(
  server: ApolloServer<BaseContext>,
  options: { context?: ContextFunction<[{ req: Request; res: ServerResponse }], BaseContext> } = {},
) {
  server.assertStarted('expressMiddleware()');
  const context = options.context ?? (async () => ({}));
  return (req: Request, res: ServerResponse, next: NextFunction): void => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.originalUrl.indexOf('?');
    server
      .executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method.toUpperCase(),
          headers,
          search: query === -1 ? '' : req.originalUrl.slice(query),
          body: req.body,
        },
        context: () => context({ req, res }),
      })
      .then(async (answer) => {
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          res.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
