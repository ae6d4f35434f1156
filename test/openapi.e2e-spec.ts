/**
 * The OpenAPI document: every operation says what it answers, the served document is the one
 * committed as docs/openapi.json (`npm run openapi` regenerates it), and real answers carry
 * exactly the fields their schemas declare.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortKeys } from '../src/openapi';
import { startApp, TestApp } from './support/app';

type Doc = {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  [k: string]: unknown;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** What may legitimately differ between a served document and the file: where it is served from. */
function withoutServers(doc: Doc): Doc {
  const { servers: _servers, host: _host, basePath: _basePath, schemes: _schemes, ...rest } = doc;
  return sortKeys(rest);
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;

  const properties = (schema: string) => Object.keys(doc.components.schemas[schema]?.properties ?? {}).sort();
  const keys = (body: object) => Object.keys(body).sort();

  beforeAll(async () => {
    t = await startApp();
    const res = await fetch(`${t.url}/api/docs-json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(() => t?.close());

  it('gives every operation a success response with a schema (or a 204) and typed error responses', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(27);
    const missing: string[] = [];
    for (const { name, op } of operations) {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      // A file download (the export) describes its own media types; everything else answers JSON.
      const described = success.some(([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => c?.schema !== undefined));
      if (!described) missing.push(`${name}: no 2xx response with a schema`);
      for (const [status, r] of Object.entries(op.responses)) {
        if (/^4\d\d$/.test(status) && !r.content?.['application/json']?.schema) missing.push(`${name}: ${status} has no schema`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is the document committed as docs/openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8')) as Doc;
    expect(withoutServers(doc)).toEqual(withoutServers(committed));
  });

  it('describes what the service really sends', async () => {
    const token = t.token({ sub: 'u-oa', name: 'Ola' });
    const admin = t.token({ sub: 'u-oa-admin', name: 'Ada', role: 'admin' });

    const created = await t.api('POST', '/articles/openapi-a/comments', { token, body: { body: 'hello schemas' } });
    expect(created.status).toBe(201);
    expect(keys(created.body)).toEqual(properties('Comment'));
    expect(keys(created.body.author)).toEqual(properties('CommentAuthor'));

    const page = await t.api('GET', '/articles/openapi-a/comments');
    expect(keys(page.body)).toEqual(properties('ArticleCommentPage'));
    expect(keys((await t.api('GET', '/articles/openapi-a')).body)).toEqual(properties('Article'));
    expect(keys((await t.api('PUT', `/comments/${created.body.id}/reactions/like`, { token: admin })).body)).toEqual(properties('ReactionState'));

    const queue = await t.api('GET', '/moderation/queues/unmoderated', { token: admin });
    expect(queue.status).toBe(200);
    // The decision and the reports' history are the approved and rejected queues' own: there, every property is sent.
    const decidedOnly = ['decision', 'reportHistory'];
    expect(keys(queue.body.items[0])).toEqual(properties('QueueItem').filter((p) => !decidedOnly.includes(p)));
    expect((await t.api('POST', `/moderation/comments/${queue.body.items[0].id}/approve`, { token: admin })).status).toBe(200);
    const approved = await t.api('GET', '/moderation/queues/approved', { token: admin });
    expect(keys(approved.body.items[0])).toEqual(properties('QueueItem'));
    expect(keys((await t.api('GET', '/moderation/counts', { token: admin })).body)).toEqual(properties('QueueCounts'));
    expect(keys((await t.api('GET', '/settings', { token: admin })).body)).toEqual(properties('SiteSettings'));
    expect(keys((await t.api('GET', '/moderation/users/u-oa', { token: admin })).body)).toEqual(properties('UserPanel'));

    const error = await t.api('GET', '/comments/01900000-0000-7000-8000-000000000000');
    expect(error.status).toBe(404);
    expect(keys(error.body)).toEqual(properties('Error'));
  });
});
