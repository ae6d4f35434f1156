import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../common/api-error';
import { Viewer } from '../common/viewer';

type WithViewer = FastifyRequest & { viewer?: Viewer | null };

/** The signed-in viewer, or null for anonymous reads (AuthGuard has already verified the token). */
export const OptionalViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer | null => {
  return ctx.switchToHttp().getRequest<WithViewer>().viewer ?? null;
});

/**
 * The signed-in viewer; 401 when the request carries no token. AuthGuard has already refused a
 * write without one, before any pipe ran; this keeps the type and the rule for any other handler.
 */
export const CurrentViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => {
  const viewer = ctx.switchToHttp().getRequest<WithViewer>().viewer;
  if (!viewer) throw unauthorized('AUTH_REQUIRED', 'Sign in to do this (Authorization: Bearer <token>)');
  return viewer;
});
