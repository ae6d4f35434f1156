import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from './api-error';
import { BODY_LIMITS, QUERY_LIMITS, valueShapeError } from './input-limits';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m));
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
  if (Array.isArray(value)) return value.map(lookupSafe);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lookupSafe(v)]));
  return value;
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

  transform(value: unknown, metadata: ArgumentMetadata) {
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
    // No body at all reads as an empty object, so required fields are reported by name.
    if (metadata.type === 'body' && isDto && value === undefined) value = {};
    if (metadata.type === 'body' && isDto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw badRequest('INVALID_BODY', 'Request body must be a JSON object');
    }
    return this.inner.transform(value, metadata);
  }
}
