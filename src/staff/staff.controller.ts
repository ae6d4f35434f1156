import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, BODY_TOO_LARGE, NOT_JSON } from '../common/error.schema';
import { DEFAULT_SITE_ID, SESSION_COOKIE, type StaffSessionView } from '../common/staff-contract';
import { InvitationDto, RoleChangeDto, SiteQuery, TotpCodeDto } from './staff.dto';
import { InvitationSchema, RoleChangeSchema, StaffLinkSchema, StaffMemberPageSchema, StaffSessionSchema, TotpEnrollmentSchema } from './staff.schema';
import { StaffAdminService } from './staff-admin.service';
import { Client, CsrfHeader, CurrentStaff, StaffSessionGuard } from './staff-request';
import { StaffContext, StaffSessions } from './staff-sessions.service';
import { StaffTotpService } from './staff-totp.service';
import type { ClientInfo } from './staff-types';
import { StaffRepository } from './staff.repository';

const SESSION = 'STAFF_SESSION_REQUIRED: no live staff session cookie';
const CSRF = 'CSRF_TOKEN_INVALID: X-CSRF-Token is missing or is not the session’s';
const BODY_ERRORS = `VALIDATION_FAILED, INVALID_BODY, INVALID_JSON`;

/** One's own staff account and the management of a site's staff; every route needs a staff session. */
@ApiTags('staff')
@ApiCookieAuth()
@Controller('staff')
@UseGuards(StaffSessionGuard)
@ApiErrors({ 401: SESSION })
export class StaffController {
  constructor(
    private readonly sessions: StaffSessions,
    private readonly staff: StaffRepository,
    private readonly admin: StaffAdminService,
    private readonly totp: StaffTotpService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: `The signed-in staff member, their roles per site, and the session's CSRF token (cookie ${SESSION_COOKIE})` })
  @ApiOkResponse({ type: StaffSessionSchema })
  me(@CurrentStaff() ctx: StaffContext): StaffSessionView {
    return this.sessions.view(ctx);
  }

  @Delete('sessions')
  @HttpCode(204)
  @CsrfHeader()
  @ApiOperation({ summary: 'Sign out everywhere: ends every session of the signed-in member, this one included' })
  @ApiNoContentResponse({ description: 'the cookie is cleared' })
  @ApiErrors({ 403: CSRF })
  async signOutEverywhere(@CurrentStaff() ctx: StaffContext, @Client() client: ClientInfo, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.sessions.signOutEverywhere(ctx, client);
    this.sessions.signedOut(reply);
  }

  @Post('me/totp')
  @HttpCode(200)
  @CsrfHeader()
  @ApiOperation({ summary: 'Start two-step sign-in: a new secret and its otpauth:// URI, in force once confirmed' })
  @ApiOkResponse({ type: TotpEnrollmentSchema })
  @ApiErrors({ 403: CSRF, 409: 'TOTP_ALREADY_ENABLED' })
  startTotp(@CurrentStaff() ctx: StaffContext) {
    return this.totp.start(ctx.staff);
  }

  @Post('me/totp/verify')
  @HttpCode(200)
  @CsrfHeader()
  @ApiOperation({ summary: 'Confirm two-step sign-in with a code from the app: from now on sign-in asks for one' })
  @ApiBody({ type: TotpCodeDto })
  @ApiOkResponse({ type: StaffSessionSchema, description: 'the member as GET /staff/me shows them now' })
  @ApiErrors({ 400: `TOTP_INVALID, ${BODY_ERRORS}`, 403: CSRF, 409: 'TOTP_ALREADY_ENABLED, TOTP_NOT_STARTED', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  async confirmTotp(@CurrentStaff() ctx: StaffContext, @Body() dto: TotpCodeDto, @Client() client: ClientInfo) {
    await this.totp.confirm(ctx.staff, dto.code, client);
    return this.refreshed(ctx);
  }

  @Delete('me/totp')
  @HttpCode(200)
  @CsrfHeader()
  @ApiOperation({ summary: 'Turn two-step sign-in off, with a current code' })
  @ApiBody({ type: TotpCodeDto })
  @ApiOkResponse({ type: StaffSessionSchema, description: 'the member as GET /staff/me shows them now' })
  @ApiErrors({ 400: `TOTP_INVALID, ${BODY_ERRORS}`, 403: CSRF, 409: 'TOTP_NOT_ENABLED', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  async disableTotp(@CurrentStaff() ctx: StaffContext, @Body() dto: TotpCodeDto, @Client() client: ClientInfo) {
    await this.totp.disable(ctx.staff, dto.code, client);
    return this.refreshed(ctx);
  }

  @Get()
  @ApiOperation({ summary: "A site's staff and the owners (admins of the site, owners)" })
  @ApiOkResponse({ type: StaffMemberPageSchema })
  @ApiErrors({ 400: 'VALIDATION_FAILED', 403: 'NOT_SITE_ADMIN', 404: 'SITE_NOT_FOUND' })
  async list(@CurrentStaff() ctx: StaffContext, @Query() q: SiteQuery) {
    return { items: await this.admin.list(ctx.staff, q.siteId ?? DEFAULT_SITE_ID), nextCursor: null };
  }

  @Post('invitations')
  @CsrfHeader()
  @ApiOperation({ summary: 'Invite an address to a role on a site (admins of the site, owners): a one-time link, valid 7 days' })
  @ApiBody({ type: InvitationDto })
  @ApiCreatedResponse({ type: InvitationSchema, description: 'the link is shown once; the service sends no mail yet' })
  @ApiErrors({
    400: BODY_ERRORS,
    403: `NOT_SITE_ADMIN; ${CSRF}`,
    404: 'SITE_NOT_FOUND',
    409: 'ALREADY_STAFF: the address has a role on the site already',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  invite(@CurrentStaff() ctx: StaffContext, @Body() dto: InvitationDto, @Client() client: ClientInfo) {
    return this.admin.invite(ctx.staff, dto.email, dto.role, dto.siteId ?? DEFAULT_SITE_ID, client);
  }

  @Patch(':id/roles')
  @CsrfHeader()
  @ApiOperation({ summary: "Change (or, with null, remove) a member's role on a site (admins of the site, owners)" })
  @ApiBody({ type: RoleChangeDto })
  @ApiOkResponse({ type: RoleChangeSchema })
  @ApiErrors({
    400: BODY_ERRORS,
    403: `NOT_SITE_ADMIN, OWN_ROLE (nobody changes their own), OWNER_ROLE_FIXED; ${CSRF}`,
    404: 'STAFF_NOT_FOUND, SITE_NOT_FOUND',
    409: 'LAST_ADMIN: the site would have no admin and there is no owner',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  changeRole(@CurrentStaff() ctx: StaffContext, @Param('id') id: string, @Body() dto: RoleChangeDto, @Client() client: ClientInfo) {
    return this.admin.changeRole(ctx.staff, id, dto.siteId ?? DEFAULT_SITE_ID, dto.role, client);
  }

  @Post(':id/password-reset-link')
  @CsrfHeader()
  @ApiOperation({ summary: 'A password-reset link for a member, to hand over (owners; admins of every site the member works on)' })
  @ApiCreatedResponse({ type: StaffLinkSchema, description: 'valid 24 hours, shown once' })
  @ApiErrors({ 403: `NOT_SITE_ADMIN; ${CSRF}`, 404: 'STAFF_NOT_FOUND' })
  resetLink(@CurrentStaff() ctx: StaffContext, @Param('id') id: string, @Client() client: ClientInfo) {
    return this.admin.resetLink(ctx.staff, id, client);
  }

  /** The answer of /me after a change to the member's own account. */
  private async refreshed(ctx: StaffContext): Promise<StaffSessionView> {
    const staff = (await this.staff.findById(ctx.staff.id)) ?? ctx.staff;
    return this.sessions.view({ session: ctx.session, staff });
  }
}
