import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { PageQuery } from '../comments/comment.dto';
import { SiteScopedQuery } from '../common/site-query';

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
}

export class CountsQuery extends SiteScopedQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:~/-]{1,200}$/, { message: 'articleId is not a valid article id' })
  articleId?: string;
}

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
