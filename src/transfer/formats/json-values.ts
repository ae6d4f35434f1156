import { pipeline, Readable } from 'node:stream';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamValues } from 'stream-json/streamers/StreamValues';

/**
 * The values at the paths `filter` matches (e.g. /^comments\.\d+$/: each element of the top-level
 * `comments` array), assembled one at a time from a streamed JSON document: memory holds one value.
 * A document that is not JSON fails the import with the parser's message.
 */
export async function* jsonValues(input: Readable, filter: RegExp): AsyncGenerator<unknown> {
  const out = pipeline(input, parser(), pick({ filter }), streamValues(), () => undefined);
  for await (const data of out as AsyncIterable<{ value: unknown }>) yield data.value;
}

/**
 * Looks at the start of a stream without losing it: resolves with the first `bytes` bytes (or all
 * there is) and a stream that yields everything from the beginning.
 */
export async function peek(input: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let have = 0;
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let done = false;
  while (have < bytes) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(b);
    have += b.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

/** A string field of a parsed JSON object, or null. */
export function str(o: unknown, key: string): string | null {
  const v = (o as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

export function isObject(o: unknown): o is Record<string, unknown> {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}
