import { Body, Controller, Delete, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { badRequest } from '../common/api-error';
import { ApiErrors, BODY_TOO_LARGE, NOT_JSON } from '../common/error.schema';
import { CsrfHeader, CurrentStaff, StaffSessionGuard } from '../staff/staff-request';
import type { StaffContext } from '../staff/staff-sessions.service';
import { CreateSiteDto, UpdateSiteDto } from './site.dto';
import { SiteListSchema, SiteSchema, SiteWithSecretSchema } from './site.schema';
import { SitesAdminService } from './sites-admin.service';

const SESSION = 'STAFF_SESSION_REQUIRED: no live staff session cookie';
const CSRF = 'CSRF_TOKEN_INVALID: X-CSRF-Token is missing or is not the session’s';
const BODY_ERRORS = 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON';

/** The sites of a deployment: created by an owner, configured by their admins (staff sessions only). */
@ApiTags('sites')
@ApiCookieAuth()
@Controller('sites')
@UseGuards(StaffSessionGuard)
@ApiErrors({ 401: SESSION })
export class SitesAdminController {
  constructor(private readonly sites: SitesAdminService) {}

  @Get()
  @ApiOperation({ summary: 'The sites the signed-in member works on (every site for an owner)' })
  @ApiOkResponse({ type: SiteListSchema })
  list(@CurrentStaff() ctx: StaffContext) {
    return { items: this.sites.list(ctx.staff) };
  }

  @Post()
  @CsrfHeader()
  @ApiOperation({ summary: 'Create a site (owners): its settings start at the defaults; the answer holds its first HS256 secret, shown once' })
  @ApiBody({ type: CreateSiteDto })
  @ApiCreatedResponse({ type: SiteWithSecretSchema })
  @ApiErrors({ 400: BODY_ERRORS, 403: `NOT_OWNER; ${CSRF}`, 409: 'SITE_EXISTS', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  create(@CurrentStaff() ctx: StaffContext, @Body() dto: CreateSiteDto) {
    return this.sites.create(ctx.staff, dto.id, dto.name.trim(), dto.origins);
  }

  @Get(':id')
  @ApiOperation({ summary: "A site's name, origins and keys (its admins, owners); secrets appear as fingerprints" })
  @ApiOkResponse({ type: SiteSchema })
  @ApiErrors({ 403: 'NOT_SITE_ADMIN', 404: 'SITE_NOT_FOUND' })
  get(@CurrentStaff() ctx: StaffContext, @Param('id') id: string) {
    return this.sites.get(ctx.staff, id);
  }

  @Patch(':id')
  @CsrfHeader()
  @ApiOperation({ summary: "Change a site's name, allowed origins or RS256 public key (its admins, owners)" })
  @ApiBody({ type: UpdateSiteDto })
  @ApiOkResponse({ type: SiteSchema })
  @ApiErrors({
    400: `${BODY_ERRORS}, INVALID_PUBLIC_KEY (also when no field is sent: VALIDATION_FAILED)`,
    403: `NOT_SITE_ADMIN; ${CSRF}`,
    404: 'SITE_NOT_FOUND',
    413: BODY_TOO_LARGE,
    415: NOT_JSON,
  })
  update(@CurrentStaff() ctx: StaffContext, @Param('id') id: string, @Body() dto: UpdateSiteDto) {
    if (Object.values(dto).every((v) => v === undefined)) throw badRequest('VALIDATION_FAILED', 'Send at least one of name, origins, rsPublicKey');
    return this.sites.update(ctx.staff, id, { name: dto.name?.trim(), origins: dto.origins, rsPublicKey: dto.rsPublicKey });
  }

  @Post(':id/secrets')
  @CsrfHeader()
  @ApiOperation({
    summary: 'Rotate, step one: a new HS256 secret that Parley signs with from now on; the others stay valid until removed (shown once)',
  })
  @ApiCreatedResponse({ type: SiteWithSecretSchema })
  @ApiErrors({ 403: `NOT_SITE_ADMIN; ${CSRF}`, 404: 'SITE_NOT_FOUND' })
  addSecret(@CurrentStaff() ctx: StaffContext, @Param('id') id: string) {
    return this.sites.addSecret(ctx.staff, id);
  }

  @Delete(':id/secrets/:secretId')
  @CsrfHeader()
  @ApiOperation({ summary: 'Rotate, step two: tokens signed with this secret are refused from now on' })
  @ApiOkResponse({ type: SiteSchema })
  @ApiErrors({
    400: 'SECRET_FROM_ENVIRONMENT (change JWT_SECRET instead), LAST_SECRET (add another first)',
    403: `NOT_SITE_ADMIN; ${CSRF}`,
    404: 'SITE_NOT_FOUND, SECRET_NOT_FOUND',
  })
  removeSecret(@CurrentStaff() ctx: StaffContext, @Param('id') id: string, @Param('secretId') secretId: string) {
    return this.sites.removeSecret(ctx.staff, id, secretId);
  }
}
