import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EMAIL_MODES, STAFF_DIGEST_FREQUENCIES, type EmailMode, type StaffDigestFrequency } from '../common/notification-contract';
import { SiteScopedQuery } from '../common/site-query';
import { PageQuery } from '../common/site-query';

export class NotificationsQuery extends PageQuery {}

export class MarkReadDto {
  @ApiPropertyOptional({ type: [String], maxItems: 100, example: ['41', '42'], description: 'the notifications to mark read (send this or `all`)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^[1-9][0-9]{0,18}$/, { each: true, message: 'each id must be a notification id' })
  ids?: string[];

  @ApiPropertyOptional({ description: 'true: mark every notification read' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}

export class PreferencesDto {
  @ApiProperty({ enum: EMAIL_MODES, description: 'email on this site: none, one per notification, or an hourly / daily digest' })
  @IsIn(EMAIL_MODES)
  email: EmailMode;
}

export class StaffDigestDto {
  @ApiProperty({ enum: STAFF_DIGEST_FREQUENCIES, description: "an email of the site's queues at the top of each hour or at midnight UTC, or none" })
  @IsIn(STAFF_DIGEST_FREQUENCIES)
  frequency: StaffDigestFrequency;
}

export class UnsubscribeQuery extends SiteScopedQuery {
  @ApiProperty({ description: 'the signed token of the link in the email' })
  @IsString()
  @MaxLength(500)
  token: string;
}

/** A bounce the mail provider reports after it accepted the email (its bounce webhook or notice, relayed by the publisher). */
export class BounceReportDto {
  @ApiPropertyOptional({
    maxLength: 998,
    example: '<0f6c1a52-4d7e-4a3b-9a7e-2f1d6c9b8e41@news.example>',
    description: 'the Message-ID of the email that bounced (angle brackets optional)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(998)
  @Matches(/^<?[^\s<>]+@[^\s<>]+>?$/, { message: 'messageId must be a Message-ID (local@domain, angle brackets optional)' })
  messageId?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 254, description: 'the address that bounced; without messageId, the latest email sent to it bounced' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({ allow_display_name: false }, { message: 'address must be an email address' })
  address?: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 1000,
    example: '550 5.1.1 user unknown',
    description: "why: the receiving server's reply as the provider reports it",
  })
  @IsString()
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
