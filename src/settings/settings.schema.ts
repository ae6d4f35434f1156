import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, ApiSchema } from '@nestjs/swagger';
import { EMAIL_LOCALES, type EmailLocale } from '../common/notification-contract';
import {
  ACCOUNT_DELETION_MODES,
  GUIDELINES_MAX,
  MAIL_FROM_MAX,
  PREMODERATION_POLICIES,
  RETENTION_DAYS_MAX,
  RateLimits,
  RateLimitsPatch,
  SiteSettings,
  SiteSettingsPatch,
} from './site-settings';

/**
 * OpenAPI schemas of the site settings (src/settings/site-settings.ts holds the shape and its
 * validation). `implements` keeps these in step with it; the limits repeat its validators.
 */

type Policy = SiteSettings['premoderation'];
const WORD_LIST: ApiPropertyOptions = {
  type: [String],
  maxItems: 2000,
  description: 'words of 1-100 characters, matched as whole words whatever the case, accents or leetspeak',
};

const REASONS: ApiPropertyOptions = {
  type: [String],
  maxItems: 50,
  description: 'reasons of 1-200 characters offered to a moderator who rejects a comment (free text is possible too); the author is told the reason',
};

@ApiSchema({ name: 'RateLimits' })
export class RateLimitsSchema implements RateLimits {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000, description: 'comments one user may post per minute before `flood` holds the rest' })
  commentsPerMinute: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 86400, description: 'the same text from the same user within this many seconds counts as a repeat' })
  duplicateWindowSeconds: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100000, description: 'writes one reader may make per minute before a 429' })
  writesPerMinute: number;
}

@ApiSchema({ name: 'SiteSettings', description: 'Site policy, editable by admins' })
export class SiteSettingsSchema implements SiteSettings {
  @ApiProperty({ enum: PREMODERATION_POLICIES, description: 'hold no comments, all of them, or those with links' }) premoderation: Policy;
  @ApiProperty({ ...WORD_LIST, description: 'comments containing one of these are rejected' }) bannedWords: string[];
  @ApiProperty({ ...WORD_LIST, description: 'comments containing one of these are held for a moderator' }) suspectWords: string[];
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 20000, description: 'longest comment body, in characters after trimming' }) maxLength: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10, description: 'reply levels below a top-level comment' }) maxDepth: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 604800 }) editWindowSeconds: number;
  @ApiProperty({ type: 'number', minimum: 0, maximum: 1, description: 'a toxicity score above this holds the comment' }) toxicityThreshold: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'new commenters are held until this many of their comments were approved (0: off)' })
  premodNewUsers: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 3650, description: 'articles close for comments this many days after their first comment (0: never)' })
  autoCloseDays: number;
  @ApiProperty({ enum: EMAIL_LOCALES, description: "the language of the site's notification emails; a reader token's `locale` claim wins for that reader" })
  locale: EmailLocale;
  @ApiProperty({
    type: String,
    format: 'email',
    nullable: true,
    maxLength: MAIL_FROM_MAX,
    description:
      "the From address of the site's emails, with the site's name (null: the deployment's MAIL_FROM, which is the envelope sender and `Sender` either way)",
  })
  mailFrom: string | null;
  @ApiProperty({ type: () => RateLimitsSchema }) rateLimits: RateLimitsSchema;
  @ApiProperty({ maxLength: GUIDELINES_MAX, description: "community guidelines shown above the widget's form, light markdown ('': none)" }) guidelines: string;
  @ApiProperty({
    enum: ACCOUNT_DELETION_MODES,
    description: 'a deleted account\'s comments: `delete` tombstones them (replies stay), `anonymize` keeps them under "Deleted user"',
  })
  accountDeletion: SiteSettings['accountDeletion'];
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: RETENTION_DAYS_MAX,
    description: "readers' stored emails and IP addresses are removed this many days after they were stored (null: kept)",
  })
  retentionDays: number | null;
  @ApiProperty(REASONS) rejectReasons: string[];
}

@ApiSchema({ name: 'RateLimitsPatch' })
export class RateLimitsPatchSchema implements RateLimitsPatch {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000 }) commentsPerMinute?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 86400 }) duplicateWindowSeconds?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000 }) writesPerMinute?: number;
}

@ApiSchema({ name: 'SiteSettingsPatch', description: 'Any of the settings, at least one; null is refused' })
export class SiteSettingsPatchSchema implements SiteSettingsPatch {
  @ApiPropertyOptional({ enum: PREMODERATION_POLICIES }) premoderation?: Policy;
  @ApiPropertyOptional(WORD_LIST) bannedWords?: string[];
  @ApiPropertyOptional(WORD_LIST) suspectWords?: string[];
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 20000 }) maxLength?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10 }) maxDepth?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 604800 }) editWindowSeconds?: number;
  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 1 }) toxicityThreshold?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 100 }) premodNewUsers?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 3650 }) autoCloseDays?: number;
  @ApiPropertyOptional({ enum: EMAIL_LOCALES }) locale?: EmailLocale;
  @ApiPropertyOptional({ type: String, format: 'email', nullable: true, maxLength: MAIL_FROM_MAX, description: "null: the deployment's MAIL_FROM" })
  mailFrom?: string | null;
  @ApiPropertyOptional({ type: () => RateLimitsPatchSchema, description: 'any of the rate limits' }) rateLimits?: RateLimitsPatchSchema;
  @ApiPropertyOptional({ maxLength: GUIDELINES_MAX }) guidelines?: string;
  @ApiPropertyOptional({ enum: ACCOUNT_DELETION_MODES }) accountDeletion?: SiteSettings['accountDeletion'];
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: RETENTION_DAYS_MAX, description: 'null turns retention off' })
  retentionDays?: number | null;
  @ApiPropertyOptional(REASONS) rejectReasons?: string[];
}
