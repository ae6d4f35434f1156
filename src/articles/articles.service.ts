import { Injectable } from '@nestjs/common';
import { badRequest, notFound } from '../common/api-error';
import type { ArticleReaderConfig, ArticleView } from '../common/contract';
import { assertArticleId } from '../common/ids';
import type { Viewer } from '../common/viewer';
import { TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { UsersService } from '../users/users.service';
import { UpdateArticleDto } from './article.dto';
import { ArticlesRepository } from './articles.repository';

@Injectable()
export class ArticlesService {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly txs: TxService,
    private readonly users: UsersService,
    private readonly log: ModerationLog,
  ) {}

  async get(id: string): Promise<ArticleView> {
    assertArticleId(id);
    const article = await this.articles.find(id);
    if (!article) throw notFound('ARTICLE_NOT_FOUND', `No article ${id}`);
    return article;
  }

  /** What a reader's client needs of the article: an unknown one is open and not pre-moderated (its first comment creates it). */
  async readerState(id: string): Promise<ArticleReaderConfig['article']> {
    assertArticleId(id);
    const article = await this.articles.find(id);
    return { id, closed: article?.closed ?? false, premoderation: article?.premoderation ?? false };
  }

  async update(id: string, dto: UpdateArticleDto, actor: Viewer): Promise<ArticleView> {
    assertArticleId(id);
    // The DTO instance has every field as an own key (undefined when not sent): look at the values.
    if (Object.values(dto).every((v) => v === undefined)) throw badRequest('VALIDATION_FAILED', 'Send at least one of title, url, closed, premoderation');
    await this.users.requireActiveStaff(actor);
    return this.txs.run(async (tx) => {
      const before = await this.articles.find(id, tx.manager, true);
      const view = await this.articles.upsert(tx.manager, id, dto);
      for (const key of ['closed', 'premoderation'] as const) {
        const was = before?.[key] ?? false;
        if (dto[key] !== undefined && was !== dto[key]) {
          await this.log.write(tx.manager, { actorId: actor.id, action: `article.${key}`, articleId: id, fromStatus: String(was), toStatus: String(dto[key]) });
        }
      }
      await tx.record(id, 'article.updated', { article: view });
      return view;
    });
  }

  async counts(ids: string[]): Promise<Record<string, number>> {
    const known = await this.articles.commentCounts(ids);
    return Object.fromEntries(ids.map((id) => [id, known.get(id) ?? 0]));
  }
}
