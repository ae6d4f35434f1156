import { Body, Controller, Get, Header, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAnonymous, Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON, WRONG_ROLE } from '../common/error.schema';
import type { Viewer } from '../common/viewer';
import { SiteId } from '../sites/request-site';
import { BounceReportDto, MarkReadDto, NotificationsQuery, PreferencesDto, StaffDigestDto, UnsubscribeQuery } from './notification.dto';
import {
  EmailFailurePageSchema,
  EmailFailureSchema,
  NotificationPageSchema,
  NotificationPreferencesSchema,
  StaffDigestSchema,
  UnreadCountSchema,
} from './notification.schema';
import { NotificationsService } from './notifications.service';
import { StaffDigests } from './staff-digests';

const BODY_ERRORS = 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON';
/** The unsubscribe page is a document: it may show itself and post its one form back to the service. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Answers an HTML page (errors before it stay JSON, in the contract's shape). */
function asPage(reply: FastifyReply, html: string): string {
  void reply.header('Content-Type', 'text/html; charset=utf-8').header('Content-Security-Policy', PAGE_CSP);
  return html;
}

/** A reader's notifications on a site (their token), their email choice, one-click unsubscribe, and failed and bounced emails (admins). */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly staffDigests: StaffDigests,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The reader's notifications, newest first, with the unread count" })
  @ApiOkResponse({ type: NotificationPageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED', 401: AUTH_REQUIRED })
  list(@CurrentViewer() viewer: Viewer, @Query() q: NotificationsQuery) {
    return this.notifications.list(viewer, q.limit, q.cursor);
  }

  @Post('read')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mark notifications read: `{ ids }` or `{ all: true }`' })
  @ApiBody({ type: MarkReadDto })
  @ApiOkResponse({ type: UnreadCountSchema })
  @ApiErrors({ 400: BODY_ERRORS, 401: AUTH_REQUIRED, 413: BODY_TOO_LARGE, 415: NOT_JSON })
  read(@CurrentViewer() viewer: Viewer, @Body() dto: MarkReadDto) {
    return this.notifications.markRead(viewer, dto);
  }

  @Get('preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The reader's email choice on this site" })
  @ApiOkResponse({ type: NotificationPreferencesSchema })
  @ApiErrors({ 401: AUTH_REQUIRED })
  preferences(@CurrentViewer() viewer: Viewer) {
    return this.notifications.preferences(viewer);
  }

  @Put('preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Choose email on this site: off, immediate, hourly or daily (needs an email in the token)' })
  @ApiBody({ type: PreferencesDto })
  @ApiOkResponse({ type: NotificationPreferencesSchema })
  @ApiErrors({ 400: BODY_ERRORS, 401: AUTH_REQUIRED, 409: 'NO_EMAIL, EMAIL_UNAVAILABLE', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  setPreferences(@CurrentViewer() viewer: Viewer, @Body() dto: PreferencesDto) {
    return this.notifications.setPreferences(viewer, dto.email);
  }

  @Get('staff-digest')
  @Roles('moderator', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The signed-in staff member's email digest of this site's queues" })
  @ApiOkResponse({ type: StaffDigestSchema })
  @ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
  staffDigest(@CurrentViewer() viewer: Viewer) {
    return this.staffDigests.get(viewer);
  }

  @Put('staff-digest')
  @Roles('moderator', 'admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Choose an email digest of this site's queues (pending and reported sizes, the oldest waiting items): off, hourly or daily" })
  @ApiBody({ type: StaffDigestDto })
  @ApiOkResponse({ type: StaffDigestSchema })
  @ApiErrors({
    400: BODY_ERRORS,
    401: AUTH_REQUIRED,
    403: `${WRONG_ROLE}, CSRF_TOKEN_INVALID`,
    409: 'NO_EMAIL, EMAIL_UNAVAILABLE',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  setStaffDigest(@CurrentViewer() viewer: Viewer, @Body() dto: StaffDigestDto) {
    return this.staffDigests.set(viewer, dto.frequency);
  }

  @Get('unsubscribe')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The page an email's unsubscribe link opens (HTML): it asks, and its button posts" })
  @ApiExcludeEndpoint()
  @ApiErrors({ 400: 'INVALID_TOKEN, VALIDATION_FAILED' })
  async unsubscribePage(@SiteId() site: string, @Query() q: UnsubscribeQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return asPage(reply, await this.notifications.unsubscribeAsk(site, q.token));
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @AllowAnonymous()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058): turns email off for the reader the signed token names; no sign-in, any body (form-encoded or multipart)',
  })
  @ApiExcludeEndpoint()
  @ApiErrors({ 400: 'INVALID_TOKEN, VALIDATION_FAILED' })
  async unsubscribe(@SiteId() site: string, @Query() q: UnsubscribeQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return asPage(reply, await this.notifications.unsubscribe(site, q.token));
  }

  @Get('failures')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Emails that failed through their retries or bounced on this site, newest first, with the SMTP server's last answer" })
  @ApiOkResponse({ type: EmailFailurePageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED', 401: AUTH_REQUIRED, 403: WRONG_ROLE })
  failures(@SiteId() site: string, @Query() q: NotificationsQuery) {
    return this.notifications.failures(site, q.limit, q.cursor);
  }

  @Post('bounces')
  @HttpCode(200)
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Report a bounce that arrived after the email was accepted (the mail provider's bounce notice): the site's sent email it names is marked bounced, and its address gets no more emails for that reader",
  })
  @ApiBody({ type: BounceReportDto })
  @ApiOkResponse({ type: EmailFailureSchema })
  @ApiErrors({
    400: BODY_ERRORS,
    401: AUTH_REQUIRED,
    403: `${WRONG_ROLE}, CSRF_TOKEN_INVALID`,
    404: 'EMAIL_NOT_FOUND: no email sent from this site has that Message-ID (and address)',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  reportBounce(@SiteId() site: string, @Body() dto: BounceReportDto) {
    return this.notifications.reportBounce(site, dto);
  }
}
