import { Injectable } from '@nestjs/common';
import { badRequest, notFound } from '../common/api-error';
import type { ArticleReaderConfig, ArticleView } from '../common/contract';
import { articleClosedEvents } from '../common/domain-events';
import { articleKey, assertArticleId } from '../common/ids';
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

  async get(siteId: string, id: string): Promise<ArticleView> {
    assertArticleId(id);
    const article = await this.articles.find(siteId, id);
    if (!article) throw notFound('ARTICLE_NOT_FOUND', `No article ${id}`);
    return article;
  }

  /** What a reader's client needs of the article: an unknown one is open and not pre-moderated (its first comment creates it). */
  async readerState(siteId: string, id: string): Promise<ArticleReaderConfig['article']> {
    assertArticleId(id);
    const article = await this.articles.find(siteId, id);
    return { id, closed: article?.closed ?? false, premoderation: article?.premoderation ?? false };
  }

  async update(id: string, dto: UpdateArticleDto, actor: Viewer): Promise<ArticleView> {
    assertArticleId(id);
    // The DTO instance has every field as an own key (undefined when not sent): look at the values.
    if (Object.values(dto).every((v) => v === undefined))
      throw badRequest('VALIDATION_FAILED', 'Send at least one of title, url, section, closed, premoderation');
    await this.users.requireActiveStaff(actor);
    const siteId = actor.siteId;
    return this.txs.run(async (tx) => {
      const before = await this.articles.find(siteId, id, tx.manager, true);
      const view = await this.articles.upsert(tx.manager, siteId, id, dto);
      for (const key of ['closed', 'premoderation'] as const) {
        const was = before?.[key] ?? false;
        if (dto[key] !== undefined && was !== dto[key]) {
          await this.log.write(tx.manager, {
            siteId,
            actorId: actor.id,
            action: `article.${key}`,
            articleId: id,
            fromStatus: String(was),
            toStatus: String(dto[key]),
          });
        }
      }
      await tx.record(articleKey(siteId, id), 'article.updated', { article: view });
      tx.events(articleClosedEvents(siteId, before?.closed ?? false, view, actor.id));
      return view;
    });
  }
}
