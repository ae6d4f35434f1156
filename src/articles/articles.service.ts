import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { badRequest, notFound } from '../common/api-error';
import { assertArticleId } from '../common/ids';
import { queryRows } from '../common/sql';
import { ModerationLog } from '../moderation/moderation-log';
import { TxService } from '../events/tx.service';
import { UsersService } from '../users/users.service';
import { ArticleView, UpdateArticleDto } from './article.dto';

const toView = (r: any): ArticleView => ({
  id: r.id,
  title: r.title,
  url: r.url,
  closed: r.closed,
  premoderation: r.premoderation,
  commentCount: Number(r.comment_count),
});

@Injectable()
export class ArticlesService {
  constructor(
    private readonly ds: DataSource,
    private readonly txs: TxService,
    private readonly users: UsersService,
    private readonly log: ModerationLog,
  ) {}

  async get(id: string): Promise<ArticleView> {
    assertArticleId(id);
    const [row] = await this.ds.query(`SELECT * FROM articles WHERE id = $1`, [id]);
    if (!row) throw notFound('ARTICLE_NOT_FOUND', `No article ${id}`);
    return toView(row);
  }

  /** The first comment creates the article row; title and url are kept if given then. */
  async ensure(m: EntityManager, id: string, title?: string, url?: string): Promise<ArticleView> {
    let [row] = await m.query(
      `WITH created AS (INSERT INTO articles (id, title, url) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING *)
       SELECT * FROM created UNION ALL SELECT * FROM articles WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM created)`,
      [id, title ?? null, url ?? null],
    );
    // A concurrent first comment created the row after this statement's snapshot: read it anew.
    if (!row) [row] = await m.query(`SELECT * FROM articles WHERE id = $1`, [id]);
    return toView(row);
  }

  async update(id: string, dto: UpdateArticleDto, actor: Viewer): Promise<ArticleView> {
    assertArticleId(id);
    // The DTO instance has every field as an own key (undefined when not sent): look at the values.
    if (Object.values(dto).every((v) => v === undefined)) throw badRequest('VALIDATION_FAILED', 'Send at least one of title, url, closed, premoderation');
    await this.users.upsert(actor);
    return this.txs.run(async (tx) => {
      const [before] = await tx.manager.query(`SELECT * FROM articles WHERE id = $1 FOR UPDATE`, [id]);
      const [row] = await queryRows(
        tx.manager,
        `INSERT INTO articles (id, title, url, closed, premoderation) VALUES ($1, $2, $3, coalesce($4, false), coalesce($5, false))
         ON CONFLICT (id) DO UPDATE SET title = coalesce($2, articles.title), url = coalesce($3, articles.url),
           closed = coalesce($4, articles.closed), premoderation = coalesce($5, articles.premoderation), updated_at = now()
         RETURNING *`,
        [id, dto.title ?? null, dto.url ?? null, dto.closed ?? null, dto.premoderation ?? null],
      );
      const view = toView(row);
      for (const key of ['closed', 'premoderation'] as const) {
        if (dto[key] !== undefined && (before?.[key] ?? false) !== dto[key]) {
          await this.log.write(tx.manager, { actorId: actor.id, action: `article.${key}`, articleId: id, fromStatus: String(before?.[key] ?? false), toStatus: String(dto[key]) });
        }
      }
      await tx.record(id, 'article.updated', { article: view });
      return view;
    });
  }

  async counts(ids: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
    const rows = await this.ds.query(`SELECT id, comment_count FROM articles WHERE id = ANY($1)`, [ids]);
    for (const r of rows) counts[r.id] = Number(r.comment_count);
    return counts;
  }
}
