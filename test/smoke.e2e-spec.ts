import { startApp, TestApp } from './support/app';

describe('service boots against PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers /health with the database up', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect((await res.json()).info.database.status).toBe('up');
  });

  it('posts and reads back a comment', async () => {
    const token = t.token({ sub: 'u1', name: 'Olena' });
    const post = await t.api('POST', '/articles/smoke-1/comments', { token, body: { body: 'First!' } });
    expect(post.status).toBe(201);
    expect(post.body.status).toBe('approved');
    const list = await t.api('GET', '/articles/smoke-1/comments');
    expect(list.body.items.map((c: any) => c.id)).toEqual([post.body.id]);
    expect(list.body.total).toBe(1);
  });
});
