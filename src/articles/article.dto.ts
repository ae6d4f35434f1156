import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { SECTION, SECTION_RULE } from '../common/ids';
import { SiteScopedQuery } from '../common/site-query';

export class UpdateArticleDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  url?: string;
  @ApiPropertyOptional({ maxLength: 100, description: 'the publisher\'s section ("World", "Sport")' })
  @IsOptional()
  @IsString()
  @Matches(SECTION, { message: SECTION_RULE })
  section?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() closed?: boolean;
  @ApiPropertyOptional({ description: 'hold every new comment on this article for a moderator' })
  @IsOptional()
  @IsBoolean()
  premoderation?: boolean;
}

export class ArticleCountsQuery extends SiteScopedQuery {
  @ApiProperty({ description: 'comma-separated article ids, up to 100' })
  @IsString()
  @MaxLength(100 * 201)
  articleIds: string;
}

export type { ArticleView } from '../common/contract';
