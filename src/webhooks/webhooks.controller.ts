import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { CurrentViewer } from '../auth/viewer.decorator';
import { DOMAIN_EVENT_TYPES } from '../common/domain-events';
import { ApiErrors, AUTH_REQUIRED, BODY_TOO_LARGE, NOT_JSON, WRONG_ROLE } from '../common/error.schema';
import type { Viewer } from '../common/viewer';
import { SiteId } from '../sites/request-site';
import { CreateWebhookDto, DeliveriesQuery, UpdateWebhookDto } from './webhook.dto';
import {
  WebhookDeliveryPageSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
  WebhookEventTypesSchema,
} from './webhook.schema';
import { WebhooksService } from './webhooks.service';

const BODY_ERRORS = 'VALIDATION_FAILED, INVALID_BODY, INVALID_JSON';
const NOT_FOUND = 'WEBHOOK_NOT_FOUND';

/** A site's webhook endpoints and their delivery log (admins: a token with the admin role, or a staff session). */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('webhooks')
@Roles('admin')
@ApiErrors({ 401: AUTH_REQUIRED, 403: WRONG_ROLE })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: "The site's webhook endpoints (secrets are never shown again)" })
  @ApiOkResponse({ type: WebhookEndpointListSchema })
  list(@SiteId() site: string) {
    return this.webhooks.list(site);
  }

  @Get('event-types')
  @ApiOperation({ summary: 'The events an endpoint may ask for' })
  @ApiOkResponse({ type: WebhookEventTypesSchema })
  eventTypes() {
    return { items: [...DOMAIN_EVENT_TYPES] };
  }

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; the answer holds its signing secret, shown once' })
  @ApiBody({ type: CreateWebhookDto })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretSchema })
  @ApiErrors({ 400: `${BODY_ERRORS}, INVALID_URL`, 409: 'TOO_MANY_ENDPOINTS', 413: BODY_TOO_LARGE, 415: NOT_JSON })
  create(@SiteId() site: string, @Body() dto: CreateWebhookDto, @CurrentViewer() viewer: Viewer) {
    return this.webhooks.create(site, dto, viewer);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One endpoint' })
  @ApiOkResponse({ type: WebhookEndpointSchema })
  @ApiErrors({ 404: NOT_FOUND })
  get(@SiteId() site: string, @Param('id') id: string) {
    return this.webhooks.get(site, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change an endpoint's URL, events or description, or disable / enable it" })
  @ApiBody({ type: UpdateWebhookDto })
  @ApiOkResponse({ type: WebhookEndpointSchema })
  @ApiErrors({ 400: `${BODY_ERRORS}, INVALID_URL`, 404: NOT_FOUND, 413: BODY_TOO_LARGE, 415: NOT_JSON })
  update(@SiteId() site: string, @Param('id') id: string, @Body() dto: UpdateWebhookDto, @CurrentViewer() viewer: Viewer) {
    return this.webhooks.update(site, id, { url: dto.url, events: dto.events, description: dto.description, enabled: dto.enabled }, viewer);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an endpoint with its delivery log; nothing more is sent to it' })
  @ApiNoContentResponse()
  @ApiErrors({ 404: NOT_FOUND })
  async remove(@SiteId() site: string, @Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    await this.webhooks.remove(site, id, viewer);
  }

  @Post(':id/rotate-secret')
  @ApiOperation({ summary: 'A new signing secret (shown once); the old one signs too, as a second signature, for 24 hours' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretSchema })
  @ApiErrors({ 404: NOT_FOUND })
  rotate(@SiteId() site: string, @Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.webhooks.rotate(site, id, viewer);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "The endpoint's deliveries, newest first: status, attempts, last response code and time" })
  @ApiOkResponse({ type: WebhookDeliveryPageSchema })
  @ApiErrors({ 400: 'INVALID_CURSOR, VALIDATION_FAILED', 404: NOT_FOUND })
  deliveries(@SiteId() site: string, @Param('id') id: string, @Query() q: DeliveriesQuery) {
    return this.webhooks.deliveryLog(site, id, q.limit, q.cursor);
  }

  @Post(':id/deliveries/:deliveryId/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again (same webhook-id, a fresh retry schedule)' })
  @ApiAcceptedResponse({ type: WebhookDeliverySchema })
  @ApiErrors({ 404: `${NOT_FOUND}, DELIVERY_NOT_FOUND`, 409: 'DELIVERY_PENDING, ENDPOINT_DISABLED' })
  resend(@SiteId() site: string, @Param('id') id: string, @Param('deliveryId') deliveryId: string, @CurrentViewer() viewer: Viewer) {
    return this.webhooks.resend(site, id, deliveryId, viewer);
  }
}
