import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiSchema,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { ErrorBody } from './http-exception.filter';

/** The body of every error answer (docs/API.md, Conventions): Nest's shape plus a stable `code`. */
@ApiSchema({ name: 'Error' })
export class ErrorSchema implements ErrorBody {
  @ApiProperty({ type: 'integer', example: 400 }) statusCode: number;
  @ApiProperty({ description: 'the HTTP reason phrase', example: 'Bad Request' }) error: string;
  @ApiProperty({ description: 'stable machine-readable code', example: 'COMMENT_TOO_LONG' }) code: string;
  @ApiProperty({ example: 'body must be at most 5000 characters' }) message: string;
}

const ERROR_DECORATORS = {
  400: ApiBadRequestResponse,
  401: ApiUnauthorizedResponse,
  403: ApiForbiddenResponse,
  404: ApiNotFoundResponse,
  409: ApiConflictResponse,
  413: ApiPayloadTooLargeResponse,
  415: ApiUnsupportedMediaTypeResponse,
  429: ApiTooManyRequestsResponse,
} as const;

export type ErrorStatus = keyof typeof ERROR_DECORATORS;

/** What a bad, missing or expired bearer token gets on any route (AuthGuard verifies every token sent). */
export const TOKEN_INVALID = 'TOKEN_INVALID, TOKEN_EXPIRED: the bearer token sent is not valid';
/** Routes that need a signed-in viewer. */
export const AUTH_REQUIRED = 'AUTH_REQUIRED: no bearer token; TOKEN_INVALID, TOKEN_EXPIRED';
/** Routes limited to staff roles. */
export const WRONG_ROLE = 'WRONG_ROLE: the token lacks the role this needs';
/** Staff routes that act (decide, sanction, article settings): the user row may say otherwise than the token. */
export const STAFF_FORBIDDEN = `${WRONG_ROLE}; STAFF_SANCTIONED: the moderator is banned or suspended`;
/** Every route that takes a JSON body. */
export const BODY_TOO_LARGE = 'PAYLOAD_TOO_LARGE: the body is over 1 MiB';
export const NOT_JSON = 'UNSUPPORTED_MEDIA_TYPE: send application/json';
/** Readers' writes (moderators are not limited); the answer carries Retry-After. */
export const RATE_LIMITED = 'RATE_LIMITED: too many writes this minute; see the Retry-After header';

/**
 * Documents the error answers an operation can give, each with the error body schema:
 * `@ApiErrors({ 404: 'COMMENT_NOT_FOUND' })`. The description names the codes.
 */
export function ApiErrors(errors: Partial<Record<ErrorStatus, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ERROR_DECORATORS[Number(status) as ErrorStatus]({
        description,
        type: ErrorSchema,
        ...(status === '429' ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } } : {}),
      }),
    ),
  );
}
