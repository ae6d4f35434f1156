import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IMPORT_FORMATS, ImportFormat } from './formats/types';
import type { ImportReport } from './transfer.service';

/** OpenAPI schemas of what POST /import answers; each implements its part of ImportReport. */

type Comments = ImportReport['comments'];
type Statuses = Comments['statuses'];
type Skipped = ImportReport['skipped'];
type Mapping = ImportReport['mappings'][number];
type ArticleCount = ImportReport['articles']['sample'][number];

@ApiSchema({ name: 'ImportStatuses' })
class ImportStatusesSchema implements Statuses {
  @ApiProperty({ type: 'integer' }) approved: number;
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer' }) rejected: number;
  @ApiProperty({ type: 'integer' }) deleted: number;
}

@ApiSchema({ name: 'ImportComments' })
class ImportCommentsSchema implements Comments {
  @ApiProperty({ type: 'integer', description: 'comments in the file' }) read: number;
  @ApiProperty({ type: 'integer', description: 'new comments written (a dry run: that would be)' }) imported: number;
  @ApiProperty({ type: 'integer', description: 'imported by an earlier run: left as they are' }) alreadyImported: number;
  @ApiProperty({ type: 'integer' }) skipped: number;
  @ApiProperty({ type: 'integer', description: 'of the imported: replies' }) replies: number;
  @ApiProperty({ type: () => ImportStatusesSchema, description: 'of the imported: their status' }) statuses: ImportStatusesSchema;
  @ApiProperty({ type: 'integer', description: 'replies whose parent is not in the file: imported as top-level comments' }) reRooted: number;
  @ApiProperty({ type: 'integer', description: "replies deeper than the site's maxDepth: attached one level up" }) flattened: number;
}

@ApiSchema({ name: 'ImportThreads' })
class ImportThreadsSchema {
  @ApiProperty({ type: 'integer' }) read: number;
  @ApiProperty({ type: 'integer' }) mapped: number;
  @ApiProperty({ type: 'integer' }) skipped: number;
}

@ApiSchema({ name: 'ImportLikes' })
class ImportLikesSchema {
  @ApiProperty({ type: 'integer', description: 'reactions added (formats that name who liked)' }) imported: number;
  @ApiProperty({ type: 'integer', description: 'votes the format keeps only as a number (Commento): not imported' }) notImported: number;
}

@ApiSchema({ name: 'ImportArticleCount' })
class ImportArticleCountSchema implements ArticleCount {
  @ApiProperty() articleId: string;
  @ApiProperty({ type: 'integer' }) comments: number;
}

@ApiSchema({ name: 'ImportArticles' })
class ImportArticlesSchema {
  @ApiProperty({ type: 'integer', description: 'articles that get comments' }) count: number;
  @ApiProperty({ type: () => [ImportArticleCountSchema], description: 'the first 100, in file order' }) sample: ImportArticleCountSchema[];
}

@ApiSchema({ name: 'ImportMapping' })
class ImportMappingSchema implements Mapping {
  @ApiProperty({ description: "the source's thread id" }) thread: string;
  @ApiProperty({ type: String, nullable: true }) identifier: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) articleId: string | null;
  @ApiPropertyOptional({ description: 'why the thread maps to no article' }) skipped?: string;
}

@ApiSchema({ name: 'ImportSkippedItem' })
class ImportSkippedItemSchema {
  @ApiProperty({ example: 'post 299986073' }) item: string;
  @ApiProperty() reason: string;
}

@ApiSchema({ name: 'ImportSkipped' })
class ImportSkippedSchema implements Skipped {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) byReason: Record<string, number>;
  @ApiProperty({ type: () => [ImportSkippedItemSchema], description: 'the first 100' }) items: ImportSkippedItemSchema[];
}

type Restored = NonNullable<ImportReport['restored']>;

class ImportRestoredSchema implements Restored {
  @ApiProperty({ description: 'the settings were changed' }) settings: boolean;
  @ApiProperty({ type: 'integer', description: 'users created' }) users: number;
  @ApiProperty({ type: 'integer' }) revisions: number;
  @ApiProperty({ type: 'integer' }) reactions: number;
  @ApiProperty({ type: 'integer' }) reports: number;
  @ApiProperty({ type: 'integer', description: 'moderation log entries' }) log: number;
  @ApiProperty({ type: 'integer', description: 'staff members given a role on the site (a new account has no password: it is set through a reset link)' })
  staff: number;
  @ApiProperty({ type: 'integer', description: 'webhook endpoints restored, disabled with a new secret (rotate it, then enable)' }) webhooks: number;
  @ApiProperty({ type: 'integer', description: "moderators' notes on users" }) notes: number;
}

@ApiSchema({ name: 'ImportReport', description: 'What an import did (or, dry run, would do)' })
export class ImportReportSchema implements ImportReport {
  @ApiProperty({ enum: IMPORT_FORMATS }) format: ImportFormat;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ example: 'identifier' }) mapping: string;
  @ApiProperty({ type: 'integer', description: 'bytes of the file read' }) bytes: number;
  @ApiProperty({ type: () => ImportThreadsSchema }) threads: ImportThreadsSchema;
  @ApiProperty({ type: () => ImportCommentsSchema }) comments: ImportCommentsSchema;
  @ApiProperty({ type: () => ImportLikesSchema }) likes: ImportLikesSchema;
  @ApiProperty({ type: 'integer', description: 'authors and likers now users of the site (import:<format>:<source user>)' }) users: number;
  @ApiProperty({ type: () => ImportArticlesSchema }) articles: ImportArticlesSchema;
  @ApiProperty({ type: () => [ImportMappingSchema], description: "the first 100 threads' article ids" }) mappings: ImportMappingSchema[];
  @ApiProperty({ type: () => ImportSkippedSchema }) skipped: ImportSkippedSchema;
  @ApiProperty({ type: 'integer' }) durationMs: number;
  @ApiPropertyOptional({ type: () => ImportRestoredSchema, description: 'format=parley only: what was restored besides comments (new rows)' })
  restored?: ImportRestoredSchema;
}
