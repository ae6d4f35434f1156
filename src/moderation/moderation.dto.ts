import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../common/site-query';
import { SECTION, SECTION_RULE } from '../common/ids';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RejectDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Transform(trim)
  reason?: string;
}

export const BULK_ACTIONS = ['approve', 'reject', 'undo'] as const;

export class BulkDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action: (typeof BULK_ACTIONS)[number];

  @ApiProperty({ type: [String], maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ids: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class QueueQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:~/-]{1,200}$/, { message: 'articleId is not a valid article id' })
  articleId?: string;
  @ApiPropertyOptional({ maxLength: 100, description: "only comments on articles of this section (the embed's data-section)" })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Matches(SECTION, { message: SECTION_RULE })
  section?: string;
}

export const SEARCH_STATUSES = ['pending', 'approved', 'rejected', 'deleted'] as const;
export const SEARCH_SORTS = ['newest', 'oldest'] as const;

/** The queue's filters (article, section) and its own. */
export class SearchQuery extends QueueQuery {
  @ApiPropertyOptional({ maxLength: 200, description: 'words to find, in web-search syntax ("exact phrase", -excluded, or); English stemming' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Transform(trim)
  q?: string;
  @ApiPropertyOptional({ enum: SEARCH_STATUSES })
  @IsOptional()
  @IsIn(SEARCH_STATUSES)
  status?: (typeof SEARCH_STATUSES)[number];
  @ApiPropertyOptional({ description: "the author's user id" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  authorId?: string;
  @ApiPropertyOptional({ example: 'banned_word', description: 'a moderation reason (`link`, `banned_word:idiot`) or its kind (`banned_word`, `premod`)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}(:[^\s:]{1,100})?$/, { message: 'reason is not a moderation reason' })
  reason?: string;
  @ApiPropertyOptional({ description: 'only comments readers have reported (open or answered)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  reported?: boolean;
  @ApiPropertyOptional({ description: 'posted at or after (ISO-8601)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'posted before (ISO-8601)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
  @ApiPropertyOptional({ enum: SEARCH_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort?: (typeof SEARCH_SORTS)[number];
}

/** The queue's filters without its paging: the counts of the queues as they would be filtered. */
export class CountsQuery extends PickType(QueueQuery, ['site', 'articleId', 'section'] as const) {}

export class LogQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'commentId must be a comment id' })
  commentId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  userId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;
  @ApiPropertyOptional({ example: 'reject', description: 'approve, reject, feature, unfeature, undo, user.ban, …' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_.]{1,40}$/, { message: 'action is not a log action' })
  action?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:~/-]{1,200}$/, { message: 'articleId is not a valid article id' })
  articleId?: string;
}

export class BanDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MaxLength(500)
  @Transform(trim)
  @Matches(/\S/, { message: 'reason must not be empty' })
  reason: string;
  @ApiPropertyOptional({ description: "also reject the user's comments waiting in the pending queue" })
  @IsOptional()
  @IsBoolean()
  rejectPending?: boolean;
  @ApiPropertyOptional({ description: "also reject the user's published comments (they leave every reader's page at once)" })
  @IsOptional()
  @IsBoolean()
  rejectPublished?: boolean;
}

export class WarnDto {
  @ApiProperty({ maxLength: 1000, description: 'what the reader is told; they acknowledge it before posting again' })
  @IsString()
  @MaxLength(1000)
  @Transform(trim)
  @Matches(/\S/, { message: 'message must not be empty' })
  message: string;
}

export class SuspendDto {
  @ApiProperty({ description: 'ISO-8601 time the suspension ends' })
  @IsDateString({ strict: true })
  until: string;
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MaxLength(500)
  @Transform(trim)
  @Matches(/\S/, { message: 'reason must not be empty' })
  reason: string;
}

export class SanctionNoteDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Transform(trim)
  reason?: string;
}

export class UserNoteDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @Transform(trim)
  @Matches(/\S/, { message: 'body must not be empty' })
  body: string;
}
