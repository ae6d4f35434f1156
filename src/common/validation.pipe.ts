import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from './api-error';
import { BODY_LIMITS, QUERY_LIMITS, valueShapeError } from './input-limits';

/** Checks of a value's type: when one fails, the others (length, pattern) say nothing useful about it. */
const TYPE_CHECKS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject']);

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const failed = Object.entries(e.constraints ?? {});
    const typeOnly = failed.filter(([check]) => TYPE_CHECKS.has(check));
    const own = (typeOnly.length ? typeOnly : failed).map(([, m]) => (prefix ? `${prefix}.${m}` : m));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Strings PostgreSQL can store: NUL removed, lone surrogates replaced (text and jsonb refuse both).
 * Runs only on input within BODY_LIMITS, so its recursion is at most that deep.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => storable(v));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)]));
}

/**
 * Path and query values as PostgreSQL can take them: a NUL becomes U+FFFD, as a lone surrogate
 * already does on its way to the database, so the value names nothing stored and the handler
 * answers as for any unknown id (never a 500 from the driver). Removing it instead could turn
 * `a%00b` into another, existing id `ab`.
 */
function lookupSafe(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
  if (!hasNul(value)) return value; // the common case: nothing to replace, nothing copied
  if (Array.isArray(value)) return value.map(lookupSafe);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lookupSafe(v)]));
  return value;
}

/** Whether a NUL is anywhere in a path or query value (its shape is already bounded by QUERY_LIMITS). */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (hasNul(v)) return true;
  return false;
}

/** Bounds of the memo of validated queries: per DTO class, entries and the length of a query's key. */
const MEMO_ENTRIES = 256;
const MEMO_KEY_CHARS = 4096;

type Plain = string | number | boolean | null | undefined;
type Fields = Record<string, Plain | Plain[]>;

/** The fields of a validated query DTO, when all of them are plain values (or arrays of them) that can be copied. */
function copyableFields(entity: object): Fields | null {
  const out: Fields = {};
  for (const [k, v] of Object.entries(entity)) {
    if (Array.isArray(v)) {
      if (!v.every((x) => x === null || typeof x !== 'object')) return null;
      out[k] = [...(v as Plain[])];
    } else if (v !== null && (typeof v === 'object' || typeof v === 'function')) return null;
    else out[k] = v as Plain;
  }
  return out;
}

/**
 * Queries that passed validation, per DTO class, by their text: readers send the same query over
 * and over (a page's counts, a popular page's cursor), and class-transformer with class-validator
 * cost more than the rest of such a read's framework work. A query DTO's rules are a pure function
 * of the query (class-validator's decorators, class-transformer's @Type and @Transform of the
 * value), so the same text gives the same instance; each request gets its own copy. Refused
 * queries are not kept: they go through the validators every time, with the same 400.
 */
class ValidatedQueries {
  private readonly byClass = new WeakMap<object, Map<string, Fields>>();

  get(metatype: abstract new () => object, key: string): object | undefined {
    const fields = this.byClass.get(metatype)?.get(key);
    if (!fields) return undefined;
    const copy = Object.create(metatype.prototype as object) as Record<string, unknown>;
    for (const k in fields) {
      const v = fields[k];
      copy[k] = Array.isArray(v) ? [...v] : v;
    }
    return copy;
  }

  set(metatype: abstract new () => object, key: string, entity: unknown): void {
    if (entity === null || typeof entity !== 'object' || Object.getPrototypeOf(entity) !== metatype.prototype) return;
    const fields = copyableFields(entity);
    if (!fields) return;
    let memo = this.byClass.get(metatype);
    if (!memo) this.byClass.set(metatype, (memo = new Map<string, Fields>()));
    // The oldest entry makes room; a hot query stays because it is put back each time it is validated anew.
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(key, fields);
  }
}

/** Parameter types that are not DTO classes. */
const PLAIN_TYPES = new Set<unknown>([String, Number, Boolean, Object, Array]);

/**
 * class-validator for bodies and queries: unknown fields are refused, and a body that is not a
 * JSON object (an array, a string, nothing) is refused before any field is looked at. Input wider
 * or deeper than its limits is refused before it is transformed (the JSON parser already refuses
 * such bodies; this covers queries and any other parser). Strings are made storable first, so a
 * NUL byte in any field is dropped rather than failing in the database.
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => badRequest('VALIDATION_FAILED', flatten(errors).join('; ') || 'Invalid input'),
  });

  private readonly queries = new ValidatedQueries();

  transform(value: unknown, metadata: ArgumentMetadata) {
    // What Nest's ValidationPipe does with a custom decorator's value (validateCustomDecorators is off): nothing.
    if (metadata.type === 'custom') return value;
    if (metadata.type === 'query') {
      const shape = valueShapeError(value, QUERY_LIMITS);
      if (shape) throw badRequest('QUERY_TOO_COMPLEX', shape);
    }
    if (metadata.type === 'query' || metadata.type === 'param') value = lookupSafe(value);
    if (metadata.type === 'body') {
      const shape = valueShapeError(value, BODY_LIMITS);
      if (shape) throw badRequest('BODY_TOO_COMPLEX', shape);
      value = storable(value);
    }
    const isDto = typeof metadata.metatype === 'function' && !PLAIN_TYPES.has(metadata.metatype);
    if (metadata.type === 'query' && isDto && value !== null && typeof value === 'object') return this.query(value, metadata);
    // No body at all reads as an empty object, so required fields are reported by name.
    if (metadata.type === 'body' && isDto && value === undefined) value = {};
    if (metadata.type === 'body' && isDto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw badRequest('INVALID_BODY', 'Request body must be a JSON object');
    }
    return this.inner.transform(value, metadata);
  }

  /** A query DTO: from the memo when the same query text passed before, else validated (and kept if it passes). */
  private async query(value: object, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype as abstract new () => object;
    const key = JSON.stringify(value);
    const memoable = key.length <= MEMO_KEY_CHARS;
    const known = memoable ? this.queries.get(metatype, key) : undefined;
    if (known) return known;
    const entity: unknown = await this.inner.transform(value, metadata);
    if (memoable) this.queries.set(metatype, key, entity);
    return entity;
  }
}
