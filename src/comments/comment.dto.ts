import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';
import { SECTION, SECTION_RULE } from '../common/ids';
import { REPORT_REASONS, ReportReason, Sort, SORTS } from '../common/contract';
import { PageQuery } from '../common/site-query';

/** Hard cap before any setting applies: the configurable maxLength is checked after cleaning. */
const BODY_HARD_CAP = 100_000;

export class CreateCommentDto {
  @ApiProperty({ description: 'plain text with light markdown', maxLength: 5000 })
  @IsString()
  @MaxLength(BODY_HARD_CAP)
  body: string;

  @ApiPropertyOptional({ description: 'id of the comment this replies to' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a comment id' })
  parentId?: string;

  @ApiPropertyOptional({ description: 'title kept when this comment creates the article' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  articleTitle?: string;

  @ApiPropertyOptional({ description: 'url kept when this comment creates the article' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  articleUrl?: string;

  @ApiPropertyOptional({ description: "the publisher's section of the article, kept when this comment creates it (or when it has none yet)", maxLength: 100 })
  @IsOptional()
  @IsString()
  @Matches(SECTION, { message: `articleSection: ${SECTION_RULE}` })
  articleSection?: string;
}

export class UpdateCommentDto {
  @ApiProperty()
  @IsString()
  @MaxLength(BODY_HARD_CAP)
  body: string;
}

/** A preview may be asked for anonymously, so its cap is the longest any site allows (settings' maxLength), not the hard cap. */
export class PreviewCommentDto {
  @ApiProperty({ description: 'the text as typed: plain text with light markdown', maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  body: string;
}

export class ReportDto {
  @ApiProperty({ enum: REPORT_REASONS })
  @IsIn(REPORT_REASONS)
  reason: ReportReason;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export { SORTS };
export type { Sort };

export class ListCommentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: Sort;
}
