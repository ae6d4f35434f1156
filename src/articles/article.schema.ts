import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ArticleReaderConfig, ArticleView } from '../common/contract';
import { ReaderConfigSchema } from '../settings/public-config.schema';
import type { ArticleCountsAnswer } from './article-counts';

type ArticleReaderState = ArticleReaderConfig['article'];

/** OpenAPI schemas of what the article routes answer, kept in step with src/common/contract.ts by `implements`. */

@ApiSchema({ name: 'Article' })
export class ArticleSchema implements ArticleView {
  @ApiProperty({ description: "the publisher's own article key", example: 'world-europe-65300000' }) id: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 100, description: 'the publisher\'s section ("World", "Sport")' }) section: string | null;
  @ApiProperty({ description: 'no new comments or edits' }) closed: boolean;
  @ApiProperty({ description: 'every new comment is held for a moderator' }) premoderation: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'visible comments, all depths' }) commentCount: number;
}

@ApiSchema({ name: 'ArticleCounts' })
export class ArticleCountsSchema implements ArticleCountsAnswer {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    description: 'visible comments per article id asked for; unknown ids count 0',
    example: { a: 12, b: 0, c: 3 },
  })
  counts: Record<string, number>;
}

@ApiSchema({ name: 'ArticleReaderState', description: "The article's own part of the policy; an article no comment has created yet is open" })
export class ArticleReaderStateSchema implements ArticleReaderState {
  @ApiProperty({ example: 'world-europe-65300000' }) id: string;
  @ApiProperty({ description: 'no new comments or edits' }) closed: boolean;
  @ApiProperty({ description: 'every new comment on this article is held for a moderator' }) premoderation: boolean;
}

@ApiSchema({ name: 'ArticleReaderConfig', description: "The site's reader policy with one article's own state" })
export class ArticleReaderConfigSchema extends ReaderConfigSchema implements ArticleReaderConfig {
  @ApiProperty({ type: () => ArticleReaderStateSchema }) article: ArticleReaderStateSchema;
}
