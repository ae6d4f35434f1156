import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../common/domain-events';
import { WEBHOOK_KINDS, type WebhookKind } from '../common/webhook-contract';
import { PageQuery } from '../common/site-query';

const EVENTS_MESSAGE = `each event must be one of ${DOMAIN_EVENT_TYPES.join(', ')}`;
export const URL_MAX = 2000;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example/parley', maxLength: URL_MAX, description: 'http or https; redirects are not followed' })
  @IsString()
  @MaxLength(URL_MAX)
  url: string;

  @ApiPropertyOptional({ enum: WEBHOOK_KINDS, default: 'standard', description: '`slack`: held comments as `{ text }` to a Slack incoming webhook' })
  @IsOptional()
  @IsIn(WEBHOOK_KINDS)
  kind?: WebhookKind;

  @ApiPropertyOptional({
    enum: DOMAIN_EVENT_TYPES,
    isArray: true,
    description: 'the events to receive (required for `standard`; a `slack` endpoint receives `comment.held`)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DOMAIN_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(DOMAIN_EVENT_TYPES, { each: true, message: EVENTS_MESSAGE })
  events?: DomainEventType[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: URL_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(URL_MAX)
  url?: string;

  @ApiPropertyOptional({ enum: DOMAIN_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DOMAIN_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(DOMAIN_EVENT_TYPES, { each: true, message: EVENTS_MESSAGE })
  events?: DomainEventType[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ description: 'false disables it; true enables it again (clearing the reason it was disabled)' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeliveriesQuery extends PageQuery {}
