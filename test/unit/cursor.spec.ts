import { ApiError } from '../../src/common/api-error';
import { decodeCursor, encodeCursor, invalidCursor, toPage } from '../../src/common/cursor';

const b64 = (raw: string) => Buffer.from(raw).toString('base64url');

/** Runs `fn` and returns what it threw (failing the test when it threw nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, got none');
}

function expectInvalidCursor(fn: () => unknown): void {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(ApiError);
  expect((e as ApiError).getStatus()).toBe(400);
  expect((e as ApiError).code).toBe('INVALID_CURSOR');
  expect((e as ApiError).getResponse()).toEqual(invalidCursor().getResponse());
}

describe('encodeCursor / decodeCursor', () => {
  it.each([
    ['a date and an id', ['2024-03-01T10:00:00.000Z', '01900000-0000-7000-8000-000000000001'], ['string', 'string']],
    ['likes, date and id', [12, '2024-03-01T10:00:00.000Z', 'abc'], ['int', 'string', 'string']],
    ['a fractional number', [0.25], ['number']],
    ['the largest integer', [2 ** 31 - 1], ['int']],
    ['the smallest accepted integer', [-(2 ** 31 - 1)], ['int']],
    ['zero and an empty string', [0, ''], ['int', 'string']],
    ['non-ASCII text', ['ünïcödé 😀'], ['string']],
  ] as const)('round-trips %s', (_label, key, shape) => {
    const cursor = encodeCursor([...key]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, [...shape])).toEqual(key);
  });

  it.each([undefined, ''])('no cursor (%j) is the first page: null', (cursor) => {
    expect(decodeCursor(cursor, ['string'])).toBeNull();
  });

  describe('every malformed cursor is INVALID_CURSOR', () => {
    it.each([
      ['not base64 at all', '!!!***'],
      ['base64 of text that is not JSON', b64('hello')],
      ['base64 of truncated JSON', b64('["a",')],
      ['a JSON object', b64('{"0":"a"}')],
      ['a JSON string', b64('"a"')],
      ['JSON null', b64('null')],
      ['a JSON number', b64('7')],
      ['too few parts', encodeCursor(['a'])],
      ['too many parts', encodeCursor(['a', 'b', 'c'])],
      ['a number where a string belongs', encodeCursor([1, 'b'])],
      ['a string where a number belongs', encodeCursor(['a', '1'])],
      ['null as a part', encodeCursor(['a', null])],
      ['a nested array as a part', encodeCursor([['a'], 1])],
    ])('%s', (_label, cursor) => {
      expectInvalidCursor(() => decodeCursor(cursor, ['string', 'number']));
    });

    it.each([
      ['a fraction', 1.5],
      ['2^31, past PostgreSQL integer', 2 ** 31],
      ['a huge negative', -(2 ** 40)],
      ['1e20', 1e20],
      ['a numeric string', '12'],
      ['a boolean', true],
    ])('an int part that is %s', (_label, part) => {
      expectInvalidCursor(() => decodeCursor(encodeCursor([part]), ['int']));
    });

    it('a cursor longer than 512 characters, even a well-formed one', () => {
      const atCap = encodeCursor(['x'.repeat(380)]);
      const overCap = encodeCursor(['x'.repeat(381)]);
      expect(atCap.length).toBe(512);
      expect(overCap.length).toBeGreaterThan(512);
      expect(decodeCursor(atCap, ['string'])).toEqual(['x'.repeat(380)]);
      expectInvalidCursor(() => decodeCursor(overCap, ['string']));
    });
  });

  it('invalidCursor() is a 400 with the stable code', () => {
    const e = invalidCursor();
    expect(e).toBeInstanceOf(ApiError);
    expect(e.getStatus()).toBe(400);
    expect(e.getResponse()).toEqual({ statusCode: 400, code: 'INVALID_CURSOR', message: expect.any(String) });
  });
});

describe('toPage', () => {
  const rows = [
    { id: 'a', n: 1 },
    { id: 'b', n: 2 },
    { id: 'c', n: 3 },
  ];
  const map = (r: { id: string }) => r.id.toUpperCase();
  const key = (r: { id: string; n: number }) => [r.n, r.id];

  it('with the extra row: drops it, and the cursor names the last row kept', () => {
    const page = toPage(rows, 2, map, key);
    expect(page.items).toEqual(['A', 'B']);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor!, ['int', 'string'])).toEqual([2, 'b']);
  });

  it.each([
    ['exactly limit rows', 3],
    ['fewer rows than the limit', 10],
  ])('%s: every row, no next cursor', (_label, limit) => {
    expect(toPage(rows, limit, map, key)).toEqual({ items: ['A', 'B', 'C'], nextCursor: null });
  });

  it('no rows: an empty last page', () => {
    expect(toPage([], 5, map, key)).toEqual({ items: [], nextCursor: null });
  });

  it('does not change the rows it was given', () => {
    const copy = rows.map((r) => ({ ...r }));
    toPage(copy, 1, map, key);
    expect(copy).toEqual(rows);
  });
});
