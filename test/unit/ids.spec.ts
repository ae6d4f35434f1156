import { ApiError } from '../../src/common/api-error';
import { ARTICLE_ID, assertArticleId, isCommentId, newId } from '../../src/common/ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('is a UUIDv7 that isCommentId accepts', () => {
    const id = newId();
    expect(id).toMatch(UUID_V7);
    expect(isCommentId(id)).toBe(true);
  });

  it('ids made one after another are distinct and sort in the order they were made', () => {
    const ids = Array.from({ length: 200 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('assertArticleId', () => {
  it.each([
    ['one character', 'a'],
    ['a path with a date', 'news/2024/03/story-1'],
    ['every allowed punctuation mark', 'A.b_c:d~e/f-g'],
    ['200 characters', 'x'.repeat(200)],
    ['digits only', '12345'],
  ])('accepts %s and returns it unchanged', (_label, id) => {
    expect(assertArticleId(id)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['201 characters', 'x'.repeat(201)],
    ['a space', 'has space'],
    ['a quote', "x'; drop"],
    ['a non-ASCII letter', 'ümlaut'],
    ['a query string', 'story?id=1'],
    ['a fragment', 'story#top'],
    ['percent-encoding', 'a%20b'],
    ['a trailing newline', 'story\n'],
    ['a backslash', 'a\\b'],
  ])('refuses %s with INVALID_ARTICLE_ID', (_label, id) => {
    let error: unknown;
    try {
      assertArticleId(id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).getStatus()).toBe(400);
    expect((error as ApiError).code).toBe('INVALID_ARTICLE_ID');
    expect(ARTICLE_ID.test(id)).toBe(false);
  });

  it.each([42, null, undefined, { id: 'a' }])('refuses a non-string (%j)', (id) => {
    expect(() => assertArticleId(id as unknown as string)).toThrow(ApiError);
  });
});

describe('isCommentId', () => {
  it.each([
    ['a UUIDv7', '01900000-0000-7000-8000-000000000000'],
    ['a UUIDv4', '9b2c6c52-4a3e-4c1e-9f1a-2f3b4c5d6e7f'],
    ['upper case', '01900000-0000-7000-8000-00000000ABCD'],
  ])('%s is a comment id', (_label, id) => {
    expect(isCommentId(id)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['free text', 'not-a-uuid'],
    ['missing a digit', '01900000-0000-7000-8000-00000000000'],
    ['36 characters that are not hex', 'zzzzzzzz-zzzz-7zzz-8zzz-zzzzzzzzzzzz'],
    ['hyphens in the wrong places', '0190000-00000-7000-8000-000000000000'],
    ['without hyphens', '019000000000700080000000000000000'],
    ['with braces', '{01900000-0000-7000-8000-000000000000}'],
    ['with a SQL tail', "01900000-0000-7000-8000-000000000000' OR 1=1"],
    ['a number', 42],
    ['null', null],
  ])('%s is not', (_label, id) => {
    expect(isCommentId(id as string)).toBe(false);
  });
});
