import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { withMaintenanceResponses } from '../lib';
import { createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';

type Operation = { tags?: string[]; responses: Record<string, ResponseObject> };
type ResponseObject = {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { example?: Record<string, unknown>; examples?: Record<string, { value: Record<string, unknown> }> }>;
};

const operations = (document: OpenAPIObject) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
  );

/** Every example body a response shows, whether one `example` or named `examples`. */
const examplesOf = (response: ResponseObject) =>
  Object.values(response.content ?? {}).flatMap((media) => [
    ...(media.example ? [media.example] : []),
    ...Object.values(media.examples ?? {}).map((example) => example.value),
  ]);

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  beforeAll(async () => {
    t = await createTestApp({ adapter: 'express', database: 'openapi', maintenance: { admin: TEST_ADMIN } });
    document = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
  });
  afterAll(() => t.app.close());

  it('shows a real example for every error of the admin API: its own status, a sentence, the reason phrase', () => {
    const admin = operations(document).filter(({ operation }) => operation.tags?.includes('maintenance'));
    expect(admin.length).toBeGreaterThanOrEqual(10);
    for (const { route, operation } of admin) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const examples = examplesOf(response);
        expect({ route, status, hasExamples: examples.length > 0 }).toEqual({ route, status, hasExamples: true });
        for (const example of examples) {
          expect({ route, status: example.statusCode }).toEqual({ route, status: Number(status) });
          const messages = ([] as unknown[]).concat(example.message);
          // Real sentences or validation messages, not the schema's "string" placeholder.
          for (const message of messages) expect(message).toMatch(/^\S[^]{9,}$/);
          expect(example.error).toMatch(/^[A-Z][A-Za-z ]+$/);
        }
      }
    }
  });

  it("uses the sample app's admins in its examples, never made-up addresses", () => {
    const text = JSON.stringify(document);
    expect(text).not.toMatch(/@example\.com/);
    expect(text).toMatch(/"alice"/);
    expect(text).toMatch(/"bob"/);
  });

  describe('withMaintenanceResponses(document)', () => {
    let documented: OpenAPIObject;
    beforeAll(() => {
      documented = withMaintenanceResponses(SwaggerModule.createDocument(t.app, new DocumentBuilder().build()));
    });
    const responsesOf = (route: string) => operations(documented).find((entry) => entry.route === route)!.operation.responses;

    it('adds the 503 of full maintenance, with Retry-After and an example, to every route of the app', () => {
      for (const route of ['GET /items', 'POST /items', 'PUT /items/{id}', 'DELETE /items/{id}', 'POST /auth/login']) {
        const full = responsesOf(route)['503'];
        expect({ route, has: full !== undefined }).toEqual({ route, has: true });
        expect(Object.keys(full.headers ?? {})).toEqual(expect.arrayContaining(['Retry-After', 'X-Maintenance-Mode']));
        expect(examplesOf(full)).toEqual([expect.objectContaining({ statusCode: 503, mode: 'full', error: 'Service Unavailable' })]);
      }
    });

    it('adds the read-only 403 to writes only, not to safe methods nor to read-only bypasses', () => {
      expect(examplesOf(responsesOf('POST /items')['403'])).toEqual([expect.objectContaining({ statusCode: 403, mode: 'read-only' })]);
      expect(responsesOf('DELETE /items/{id}')['403']).toBeDefined();
      expect(responsesOf('GET /items')['403']).toBeUndefined();
      expect(responsesOf('POST /auth/login')['403']).toBeUndefined();
    });

    it("leaves @BypassMaintenance() routes and the module's own routes as they were", () => {
      expect(responsesOf('GET /health')['503']).toBeUndefined();
      expect(responsesOf('GET /mixed/class-level')['503']).toBeUndefined();
      expect(responsesOf('GET /maintenance/status')['503']).toBeUndefined();
      // The admin routes keep their own 403 and 503, which mean something else there.
      const toggle = responsesOf('POST /maintenance/toggle');
      expect(toggle['503'].description).toMatch(/database/i);
      expect(examplesOf(toggle['403'])[0]).not.toHaveProperty('mode');
    });

    it("follows the module's options: another read-only status, other safe methods", () => {
      const custom = withMaintenanceResponses(SwaggerModule.createDocument(t.app, new DocumentBuilder().build()), {
        readOnly: { statusCode: 423, allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'DELETE'] },
      });
      const item = (route: string) => operations(custom).find((entry) => entry.route === route)!.operation.responses;
      expect(item('POST /items')['423']).toBeDefined();
      expect(item('POST /items')['403']).toBeUndefined();
      expect(item('DELETE /items/{id}')['423']).toBeUndefined();
    });
  });
});
