import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { decode } from 'jsonwebtoken';
import { forbidden, unauthorized } from '../common/api-error';
import { ApiErrors, BODY_TOO_LARGE, ErrorSchema, NOT_JSON } from '../common/error.schema';
import type { StaffSessionView } from '../common/staff-contract';
import { tokenHash } from '../staff/secret-tokens';
import { AcceptInvitationDto, NewPasswordDto, ResetRequestDto, SignInDto, SsoDto } from '../staff/staff.dto';
import { ResetLinkSchema, ResetRequestedSchema, StaffSessionSchema } from '../staff/staff.schema';
import { Client, CsrfHeader, CurrentStaff, OptionalStaffSessionGuard } from '../staff/staff-request';
import { SessionNotRead, StaffContext, StaffSessions } from '../staff/staff-sessions.service';
import { StaffSigninService } from '../staff/staff-signin.service';
import type { ClientInfo } from '../staff/staff-types';
import { AllowAnonymous } from './auth.guard';
import { AuthService } from './auth.service';
import { SiteId } from '../sites/request-site';

const BODY_ERRORS = 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON';
const SIGNED_IN = 'signed in: the `parley_session` cookie is set (HttpOnly, SameSite=Strict)';
const RATE = 'RATE_LIMITED: too many failed sign-ins for the address or from the IP; see Retry-After';

/** Documents a 410 (a spent or expired link); ApiErrors covers the usual statuses only. */
const ApiGone = (description: string) => ApiResponse({ status: 410, description, type: ErrorSchema });

/**
 * How a staff member gets a session: password (plus TOTP), an invitation or reset link, or the
 * publisher's SSO token. None needs a session, and none reads one the browser may still hold.
 */
@ApiTags('staff')
@Controller('staff')
export class StaffSigninController {
  constructor(
    private readonly signin: StaffSigninService,
    private readonly sessions: StaffSessions,
    private readonly auth: AuthService,
  ) {}

  @Post('session')
  @HttpCode(200)
  @AllowAnonymous()
  @SessionNotRead()
  @ApiOperation({ summary: 'Sign in with email and password (and `code` when two-step sign-in is on)' })
  @ApiBody({ type: SignInDto })
  @ApiOkResponse({ type: StaffSessionSchema, description: SIGNED_IN })
  @ApiErrors({
    400: BODY_ERRORS,
    401: 'SIGNIN_FAILED (unknown address or wrong password alike), TOTP_REQUIRED, TOTP_INVALID',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
    429: RATE,
  })
  async signIn(@Body() dto: SignInDto, @Client() client: ClientInfo, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffSessionView> {
    const { token, ctx } = await this.signin.signIn(dto.email, dto.password, dto.code, client);
    return this.sessions.signedIn(reply, token, ctx);
  }

  @Delete('session')
  @HttpCode(204)
  @AllowAnonymous()
  @UseGuards(OptionalStaffSessionGuard)
  @CsrfHeader()
  @ApiOperation({ summary: 'Sign out: ends this session (without one, just clears the cookie)' })
  @ApiNoContentResponse({ description: 'the cookie is cleared' })
  @ApiErrors({ 403: 'CSRF_TOKEN_INVALID: a live session, and X-CSRF-Token missing or not its' })
  async signOut(@CurrentStaff() ctx: StaffContext | null, @Client() client: ClientInfo, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    if (ctx) await this.sessions.signOut(ctx, client);
    this.sessions.signedOut(reply);
  }

  @Post('sso')
  @HttpCode(200)
  @AllowAnonymous()
  @SessionNotRead()
  @ApiOperation({
    summary:
      "Exchange the publisher's signed token of a moderator or admin (with `email` and `exp`) for a session, once; links or creates the member by email with that role on the site (`?site=`, default: the default site)",
  })
  @ApiBody({ type: SsoDto })
  @ApiOkResponse({ type: StaffSessionSchema, description: SIGNED_IN })
  @ApiErrors({
    400: BODY_ERRORS,
    401: 'TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_INVALID_NAME, SSO_EMAIL_REQUIRED, SSO_TOKEN_USED (each token is exchanged once)',
    403: 'SSO_NOT_STAFF (a reader token), STAFF_DISABLED',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  async sso(
    @Body() dto: SsoDto,
    @SiteId() site: string,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StaffSessionView> {
    // Verified with the keys of the site named by `?site=`: the role is granted there.
    const viewer = this.auth.verify(dto.token, site);
    if (viewer.role === 'reader') throw forbidden('SSO_NOT_STAFF', 'Only a moderator or admin token is exchanged for a staff session');
    if (!viewer.email) throw unauthorized('SSO_EMAIL_REQUIRED', 'The token needs an `email` claim to name the staff member');
    // Verified above; decoded again only for its expiry, until which it is remembered as spent.
    const exp = (decode(dto.token, { json: true }) ?? {}).exp;
    if (typeof exp !== 'number') throw unauthorized('TOKEN_INVALID', 'An SSO token needs an `exp` claim');
    const { token, ctx } = await this.signin.exchangeSso(
      { siteId: site, email: viewer.email, name: viewer.name, role: viewer.role, tokenHash: tokenHash(dto.token), expiresAt: new Date(exp * 1000) },
      client,
    );
    return this.sessions.signedIn(reply, token, ctx);
  }

  @Post('invitations/:token/accept')
  @HttpCode(200)
  @AllowAnonymous()
  @SessionNotRead()
  @ApiOperation({
    summary:
      'Accept an invitation: a new address gives `name` and a password; an existing account proves its current password (and code). Grants the role and signs in',
  })
  @ApiBody({ type: AcceptInvitationDto })
  @ApiOkResponse({ type: StaffSessionSchema, description: SIGNED_IN })
  @ApiErrors({
    400: `PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_IS_EMAIL, NAME_REQUIRED, ${BODY_ERRORS}`,
    401: 'SIGNIN_FAILED, TOTP_REQUIRED, TOTP_INVALID (an existing account)',
    403: 'STAFF_DISABLED',
    404: 'INVITATION_NOT_FOUND',
    409: 'CONFLICT: the account was created meanwhile, try again',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
    429: RATE,
  })
  @ApiGone('INVITATION_USED, INVITATION_EXPIRED')
  async accept(
    @Param('token') token: string,
    @Body() dto: AcceptInvitationDto,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StaffSessionView> {
    const { token: session, ctx } = await this.signin.acceptInvitation(token, dto, client);
    return this.sessions.signedIn(reply, session, ctx);
  }

  @Post('password-reset')
  @HttpCode(202)
  @AllowAnonymous()
  @SessionNotRead()
  @ApiOperation({ summary: 'Ask for a password-reset link; always 202, whether or not the address has an account' })
  @ApiBody({ type: ResetRequestDto })
  @ApiAcceptedResponse({ type: ResetRequestedSchema, description: 'a member gets a link (by email once the service sends mail)' })
  @ApiErrors({ 400: BODY_ERRORS, 413: BODY_TOO_LARGE, 415: NOT_JSON })
  async requestReset(@Body() dto: ResetRequestDto, @Client() client: ClientInfo): Promise<{ accepted: true }> {
    await this.signin.requestReset(dto.email, client);
    return { accepted: true };
  }

  @Get('password-reset/:token')
  @AllowAnonymous()
  @SessionNotRead()
  @ApiOperation({ summary: 'Whom a reset link is for: the page names the account before a password is typed; nothing is spent' })
  @ApiOkResponse({ type: ResetLinkSchema })
  @ApiErrors({ 404: 'RESET_LINK_NOT_FOUND' })
  @ApiGone('RESET_LINK_USED, RESET_LINK_EXPIRED, RESET_LINK_INVALID (the account is disabled or gone)')
  async resetLink(@Param('token') token: string): Promise<{ email: string; expiresAt: Date }> {
    return this.signin.resetLinkFor(token);
  }

  @Post('password-reset/:token')
  @HttpCode(204)
  @AllowAnonymous()
  @SessionNotRead()
  @ApiOperation({ summary: 'Set a new password from a reset link; ends every session of the member' })
  @ApiBody({ type: NewPasswordDto })
  @ApiNoContentResponse({ description: 'the password is set; sign in with it' })
  @ApiErrors({
    400: `PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_IS_EMAIL, ${BODY_ERRORS}`,
    404: 'RESET_LINK_NOT_FOUND',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  @ApiGone('RESET_LINK_USED, RESET_LINK_EXPIRED, RESET_LINK_INVALID (the account is disabled or gone)')
  async reset(@Param('token') token: string, @Body() dto: NewPasswordDto, @Client() client: ClientInfo): Promise<void> {
    await this.signin.resetPassword(token, dto.password, client);
  }
}
