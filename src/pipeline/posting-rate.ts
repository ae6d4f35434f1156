import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/**
 * The per-minute posting limit (`rateLimits.commentsPerMinute`): a reader past it is told to wait
 * (429 `FLOOD` with Retry-After) and nothing is stored. How long is read with the author's other
 * recent activity (AuthorActivity.recent). Repeating the same text is not this: it stays a
 * moderation reason (`flood`, see PipelineService).
 */
export function floodError(retryAfter: number): ApiError {
  const err = new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'FLOOD', `You are posting too fast; try again in ${retryAfter} s`);
  (err.getResponse() as Record<string, unknown>).retryAfter = retryAfter;
  return err;
}
