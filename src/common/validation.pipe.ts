import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from './api-error';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * class-validator for bodies and queries: unknown fields are refused, and a body that is not a
 * JSON object (an array, a string, nothing) is refused before any field is looked at.
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
    const isDto = typeof metadata.metatype === 'function' && ![String, Number, Boolean, Object, Array].includes(metadata.metatype as any);
    // No body at all reads as an empty object, so required fields are reported by name.
    if (metadata.type === 'body' && isDto && value === undefined) value = {};
    if (metadata.type === 'body' && isDto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw badRequest('INVALID_BODY', 'Request body must be a JSON object');
    }
    return this.inner.transform(value, metadata);
  }
}
