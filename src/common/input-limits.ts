/**
 * Bounds on the shape of what a client sends, checked before anything walks it: class-transformer
 * grows worse than linearly with keys, so one wide body could stall the instance for seconds.
 * The largest legitimate input is a settings patch with both word lists full (2 × 2,000 items).
 */
export interface ShapeLimits {
  /** Object keys in total, at any depth; each nested object or array counts as one more (each costs a transform). */
  maxKeys: number;
  /** Array items in total, at any depth. */
  maxItems: number;
  /** Levels of nesting (the top-level object is 1). */
  maxDepth: number;
}

export const BODY_LIMITS: ShapeLimits = { maxKeys: 1000, maxItems: 5000, maxDepth: 20 };
/** Query strings are flat and short: `limit`, `cursor`, `sort`, a few filters. */
export const QUERY_LIMITS: ShapeLimits = { maxKeys: 30, maxItems: 30, maxDepth: 2 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * Why the JSON text breaks `limits`, or null; one pass over the bytes, without parsing, so a body
 * past the bounds never costs a parse. Counts are exact for valid JSON (a key is a `:` outside a
 * string, an item a `,` in an array, give or take the first); invalid JSON is left to the parser.
 * UTF-8 continuation bytes never equal these ASCII marks, so scanning bytes is safe.
 */
export function jsonShapeError(json: Uint8Array, limits: ShapeLimits = BODY_LIMITS): string | null {
  const inArray = new Uint8Array(limits.maxDepth + 1);
  let depth = 0;
  let keys = 0;
  let items = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limits.maxDepth) return `Input is nested more than ${limits.maxDepth} levels deep`;
      if (depth > 1 && ++keys > limits.maxKeys) return `Input has more than ${limits.maxKeys} keys and nested values`;
      inArray[depth] = c === OPEN_ARRAY ? 1 : 0;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
    } else if (c === COLON) {
      if (++keys > limits.maxKeys) return `Input has more than ${limits.maxKeys} keys and nested values`;
    } else if (c === COMMA && inArray[depth] === 1) {
      if (++items > limits.maxItems) return `Input has more than ${limits.maxItems} array items`;
    }
  }
  return null;
}

/**
 * The same bounds over a value already parsed (a query string, or a body from any other parser).
 * Iterative, so attacker-chosen depth never reaches the call stack, and it stops at the first
 * bound crossed, so its cost is at most the bounds'.
 */
export function valueShapeError(value: unknown, limits: ShapeLimits): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  let keys = 0;
  let items = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limits.maxDepth) return `Input is nested more than ${limits.maxDepth} levels deep`;
    if (depth > 1 && ++keys > limits.maxKeys) return `Input has more than ${limits.maxKeys} keys and nested values`;
    if (Array.isArray(v)) {
      items += v.length;
      if (items > limits.maxItems) return `Input has more than ${limits.maxItems} array items`;
      for (const item of v as unknown[]) stack.push([item, depth + 1]);
    } else {
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        if (++keys > limits.maxKeys) return `Input has more than ${limits.maxKeys} keys and nested values`;
        stack.push([(v as Record<string, unknown>)[key], depth + 1]);
      }
    }
  }
  return null;
}

/** Whether `text` is one JSON value, by the plain JSON.parse (no prototype-key rule). */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
