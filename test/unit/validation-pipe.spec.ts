import 'reflect-metadata';
import { ArticleCountsQuery } from '../../src/articles/article.dto';
import { CreateCommentDto, ListCommentsQuery } from '../../src/comments/comment.dto';
import { StrictValidationPipe } from '../../src/common/validation.pipe';

/** What Fastify's query parser hands the pipe: an object without a prototype. */
const query = (fields: Record<string, string | string[]>) => Object.assign(Object.create(null) as Record<string, unknown>, fields);
const list = { type: 'query' as const, metatype: ListCommentsQuery };

/** What the pipe refuses with, whether it throws at once or rejects later. */
async function refusal(call: () => unknown): Promise<{ status: number; code: string; message: unknown }> {
  const err = (await Promise.resolve()
    .then(call)
    .then(
      () => null,
      (e: unknown) => e,
    )) as { getStatus(): number; getResponse(): { code: string; message: unknown } } | null;
  if (!err) throw new Error('expected a refusal');
  return { status: err.getStatus(), code: err.getResponse().code, message: err.getResponse().message };
}

describe('StrictValidationPipe on queries (validated once per query text)', () => {
  it('answers the same query again with an equal instance of its own', async () => {
    const pipe = new StrictValidationPipe();
    const first = (await pipe.transform(query({ limit: '20', cursor: 'abc' }), list)) as ListCommentsQuery;
    const again = (await pipe.transform(query({ limit: '20', cursor: 'abc' }), list)) as ListCommentsQuery;
    expect(first).toBeInstanceOf(ListCommentsQuery);
    expect(again).toBeInstanceOf(ListCommentsQuery);
    expect(again).toEqual(first);
    expect(again.limit).toBe(20); // transformed (@Type(() => Number)), not the text
    expect(again).not.toBe(first);
    // A handler that changes its copy changes nothing for the next request.
    again.limit = 99;
    const third = (await pipe.transform(query({ limit: '20', cursor: 'abc' }), list)) as ListCommentsQuery;
    expect(third.limit).toBe(20);
  });

  it('keeps refusing a bad query, every time, also after a good one with the same fields', async () => {
    const pipe = new StrictValidationPipe();
    await pipe.transform(query({ limit: '20' }), list);
    for (let i = 0; i < 3; i++) {
      expect(await refusal(() => pipe.transform(query({ limit: '0' }), list))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await refusal(() => pipe.transform(query({ limit: '20', bogus: '1' }), list))).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'property bogus should not exist',
      });
    }
  });

  it('tells queries apart by their values and by the DTO they are for', async () => {
    const pipe = new StrictValidationPipe();
    expect(await pipe.transform(query({ limit: '5' }), list)).toMatchObject({ limit: 5 });
    expect(await pipe.transform(query({ limit: '6' }), list)).toMatchObject({ limit: 6 });
    // The same text valid for one DTO is still checked against another's rules.
    expect(await refusal(() => pipe.transform(query({ limit: '5' }), { type: 'query', metatype: ArticleCountsQuery }))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const ids = (await pipe.transform(query({ articleIds: 'a,b' }), { type: 'query', metatype: ArticleCountsQuery })) as ArticleCountsQuery;
    expect(ids).toBeInstanceOf(ArticleCountsQuery);
    expect(ids.articleIds).toBe('a,b');
  });

  it('still makes a NUL in a query value lookup-safe, on the first request and the next', async () => {
    const pipe = new StrictValidationPipe();
    for (let i = 0; i < 2; i++) {
      const q = (await pipe.transform(query({ cursor: 'a\u0000b' }), list)) as ListCommentsQuery;
      expect(q.cursor).toBe('a\uFFFDb');
    }
  });

  it('refuses a query past its bounds before anything else, every time', async () => {
    const pipe = new StrictValidationPipe();
    const wide = query(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'])));
    for (let i = 0; i < 2; i++) expect(await refusal(() => pipe.transform(wide, list))).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });
});

describe('StrictValidationPipe messages', () => {
  const body = { type: 'body' as const, metatype: CreateCommentDto };

  it('a value of the wrong type is told so, without the length or pattern checks it could not pass', async () => {
    const pipe = new StrictValidationPipe();
    expect(await refusal(() => pipe.transform({ body: 123 }, body))).toEqual({ status: 400, code: 'VALIDATION_FAILED', message: 'body must be a string' });
    expect(await refusal(() => pipe.transform(query({ cursor: ['a', 'b'] }), list))).toMatchObject({ message: 'cursor must be a string' });
  });

  it('a value of the right type still gets every check it fails', async () => {
    const pipe = new StrictValidationPipe();
    const res = await refusal(() => pipe.transform({ body: 'x', articleTitle: 'x'.repeat(301), articleUrl: 'y'.repeat(2001) }, body));
    expect(String(res.message).split('; ').sort()).toEqual([
      'articleTitle must be shorter than or equal to 300 characters',
      'articleUrl must be a URL address',
      'articleUrl must be shorter than or equal to 2000 characters',
    ]);
  });
});
