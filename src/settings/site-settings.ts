import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { EMAIL_LOCALES, type EmailLocale } from '../common/notification-contract';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

export const PREMODERATION_POLICIES = ['none', 'all', 'links'] as const;
/** The longest community guidelines, in characters: a short box above the form, not a terms page. */
export const GUIDELINES_MAX = 4000;
/** What becomes of a deleted reader's comments: tombstoned as removed by their author, or kept under "Deleted user". */
export const ACCOUNT_DELETION_MODES = ['delete', 'anonymize'] as const;
/** The longest retention of readers' emails and IP addresses: 10 years. */
export const RETENTION_DAYS_MAX = 3650;
/** The longest sender address (RFC 5321's limit on a path). */
export const MAIL_FROM_MAX = 254;
/** A site's own sender address: an address alone, no display name (the site's name is that). */
const SenderAddress = () =>
  applyDecorators(IsString(), MaxLength(MAIL_FROM_MAX), IsEmail({ allow_display_name: false }, { message: 'mailFrom must be an email address' }));
/** The reasons a moderator picks from when rejecting, unless the site sets its own. */
export const DEFAULT_REJECT_REASONS = ['Spam or advertising', 'Abuse or insults', 'Off topic', 'Personal information', 'Misinformation'];
/** Up to 50 reasons of 1-200 characters, none blank. */
const ReasonList = () => applyDecorators(IsArray(), ArrayMaxSize(50), IsString({ each: true }), MaxLength(200, { each: true }), Matches(/\S/, { each: true }));

export class RateLimits {
  /** Comments one user may post per minute before `flood` holds the rest. */
  @IsInt() @Min(1) @Max(1000) commentsPerMinute = 10;
  /** The same text from the same user within this many seconds counts as a repeat. */
  @IsInt() @Min(0) @Max(86400) duplicateWindowSeconds = 300;
  /** Writes of any kind (post, edit, delete, react, report) one reader may make per minute: 429 past it. */
  @IsInt() @Min(1) @Max(100000) writesPerMinute = 120;
}

/** Site policy, stored in the database and editable by admins. */
export class SiteSettings {
  @IsIn(PREMODERATION_POLICIES) premoderation: (typeof PREMODERATION_POLICIES)[number] = 'none';
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(/\S/, { each: true })
  bannedWords: string[] = [];
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(/\S/, { each: true })
  suspectWords: string[] = [];
  @IsInt() @Min(1) @Max(20000) maxLength = 5000;
  @IsInt() @Min(0) @Max(10) maxDepth = 3;
  @IsInt() @Min(0) @Max(7 * 86400) editWindowSeconds = 900;
  @IsNumber() @Min(0) @Max(1) toxicityThreshold = 0.8;
  /** New commenters are held until this many of their comments have been approved (0: off). */
  @IsInt() @Min(0) @Max(100) premodNewUsers = 0;
  /** Articles close for comments this many days after their first comment (0: never). */
  @IsInt() @Min(0) @Max(3650) autoCloseDays = 0;
  /** The language of the site's notification emails (a reader token's own `locale` claim wins). */
  @IsIn(EMAIL_LOCALES) locale: EmailLocale = 'en';
  /** The From address of the site's emails (null: the deployment's MAIL_FROM, which stays the envelope sender either way). */
  @ValidateIf((_o, v) => v !== null) @SenderAddress() mailFrom: string | null = null;
  @ValidateNested() @Type(() => RateLimits) rateLimits: RateLimits = new RateLimits();
  /** The community guidelines readers see above the comment form, in the comments' light markdown ('': none). */
  @IsString() @MaxLength(GUIDELINES_MAX) guidelines = '';
  /** A reader who deletes their account (or is deleted by an admin) has their comments deleted or anonymized. */
  @IsIn(ACCOUNT_DELETION_MODES) accountDeletion: (typeof ACCOUNT_DELETION_MODES)[number] = 'delete';
  /** Stored emails and IP addresses are removed this many days after they were stored (null: kept). */
  @ValidateIf((_o, v) => v !== null) @IsInt() @Min(1) @Max(RETENTION_DAYS_MAX) retentionDays: number | null = null;
  /** The reasons offered to a moderator who rejects a comment (free text is always possible too); the author is told the one chosen. */
  @ReasonList() rejectReasons: string[] = [...DEFAULT_REJECT_REASONS];
}

/**
 * A PATCH field may be left out, but not sent as null: null would be stored and break every
 * later comment (a null word list, a null maxLength). Unlike @IsOptional, this validates null.
 */
const Omittable = () => ValidateIf((_o, value) => value !== undefined);
/** Up to 2,000 words or phrases of 1-100 characters, none blank. */
const WordList = () => applyDecorators(IsArray(), ArrayMaxSize(2000), IsString({ each: true }), MaxLength(100, { each: true }), Matches(/\S/, { each: true }));

export class RateLimitsPatch {
  @Omittable() @IsInt() @Min(1) @Max(1000) commentsPerMinute?: number;
  @Omittable() @IsInt() @Min(0) @Max(86400) duplicateWindowSeconds?: number;
  @Omittable() @IsInt() @Min(1) @Max(100000) writesPerMinute?: number;
}

/** PATCH body: every field optional, same rules. */
export class SiteSettingsPatch {
  @Omittable() @IsIn(PREMODERATION_POLICIES) premoderation?: SiteSettings['premoderation'];
  @Omittable() @WordList() bannedWords?: string[];
  @Omittable() @WordList() suspectWords?: string[];
  @Omittable() @IsInt() @Min(1) @Max(20000) maxLength?: number;
  @Omittable() @IsInt() @Min(0) @Max(10) maxDepth?: number;
  @Omittable() @IsInt() @Min(0) @Max(7 * 86400) editWindowSeconds?: number;
  @Omittable() @IsNumber() @Min(0) @Max(1) toxicityThreshold?: number;
  @Omittable() @IsInt() @Min(0) @Max(100) premodNewUsers?: number;
  @Omittable() @IsInt() @Min(0) @Max(3650) autoCloseDays?: number;
  @Omittable() @IsIn(EMAIL_LOCALES) locale?: EmailLocale;
  /** null goes back to the deployment's MAIL_FROM. */
  @ValidateIf((_o, v) => v !== undefined && v !== null) @SenderAddress() mailFrom?: string | null;
  @Omittable() @ValidateNested() @Type(() => RateLimitsPatch) rateLimits?: RateLimitsPatch;
  @Omittable() @IsString() @MaxLength(GUIDELINES_MAX) guidelines?: string;
  @Omittable() @IsIn(ACCOUNT_DELETION_MODES) accountDeletion?: SiteSettings['accountDeletion'];
  /** null turns retention off (this one field takes null). */
  @ValidateIf((_o, v) => v !== undefined && v !== null) @IsInt() @Min(1) @Max(RETENTION_DAYS_MAX) retentionDays?: number | null;
  @Omittable() @ReasonList() rejectReasons?: string[];
}
