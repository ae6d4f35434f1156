import { Inject, Injectable } from '@nestjs/common';
import { ArticlesRepository } from '../articles/articles.repository';
import { isModerator, Viewer } from '../common/viewer';
import { badRequest, conflict, forbidden, notFound } from '../common/api-error';
import { decodeCursor, invalidCursor, Page, toPage } from '../common/cursor';
import { articleKey, assertArticleId, isCommentId, newId } from '../common/ids';
import { Tx, TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation-log/moderation-log.repository';
import { MODERATION_PIPELINE, ModerationPipeline } from '../pipeline/pipeline';
import { SettingsService } from '../settings/settings.service';
import { UsersService } from '../users/users.service';
import { CommentLedger } from './comment-ledger';
import { CachedPage, FirstPageCache } from './first-page-cache';
import { firstPageVariant } from './first-page-edge';
import type { CommentContext, ReaderStanding } from '../common/contract';
import { UsersRepository } from '../users/users.repository';
import { CommentRecord, CommentView, DELETED_BY_AUTHOR, isTombstoneFor, toView, visibleTo } from './comment-view';
import { CreateCommentDto, ReportDto, Sort } from './comment.dto';
import { CommentsRepository, PageKey, RankedSort } from './comments.repository';
import { markMentions } from '../common/mentions';
import { cleanBody, hasVisibleText, renderBody } from '../common/render';
import { hasBidiControl, renderedText } from '../common/visible-text';

const DEFAULT_LIMIT = 20;

@Injectable()
export class CommentsService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly txs: TxService,
    private readonly ledger: CommentLedger,
    @Inject(MODERATION_PIPELINE) private readonly pipeline: ModerationPipeline,
    private readonly settings: SettingsService,
    private readonly users: UsersService,
    private readonly articles: ArticlesRepository,
    private readonly log: ModerationLog,
    private readonly userRows: UsersRepository,
    private readonly firstPages: FirstPageCache,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  async list(siteId: string, articleId: string, viewer: Viewer | null, sort: Sort = 'newest', limit = DEFAULT_LIMIT, cursor?: string) {
    assertArticleId(articleId);
    let after: PageKey | null = null;
    if (sort !== 'newest' && sort !== 'oldest') {
      const key = decodeCursor(cursor, ['int', 'string']);
      if (key) after = { rank: checkRank(key[0], sort), id: checkId(key[1]) };
    } else {
      const key = decodeCursor(cursor, ['string']);
      if (key) after = { id: checkId(key[0]) };
    }
    const [records, total] = await Promise.all([
      this.comments.topLevelPage(siteId, articleId, viewer?.id ?? null, sort, limit + 1, after),
      this.articles.commentCount(siteId, articleId),
    ]);
    const page = await this.viewPage(siteId, records, viewer, limit, (c) => {
      if (sort === 'newest' || sort === 'oldest') return [c.id];
      if (isTombstoneFor(c, viewer)) return [-1, c.id];
      return [sort === 'top' ? c.likeCount : sort === 'replied' ? c.replyCount : c.featured ? 1 : -1, c.id];
    });
    return { ...page, total };
  }

  /** An anonymous reader's first page, from the event-invalidated cache (loaded once however many ask). */
  firstPage(siteId: string, articleId: string, sort?: Sort, limit?: number): Promise<CachedPage> {
    return this.firstPages.page(articleKey(siteId, articleId), firstPageVariant(sort, limit), () => this.list(siteId, articleId, null, sort, limit));
  }

  /**
   * A comment with the thread above it, root first: what a link to a comment opens, however far
   * from the first page it is. Each comment in it is as the viewer may see it (404 otherwise).
   */
  async context(siteId: string, id: string, viewer: Viewer | null): Promise<CommentContext> {
    const chain: CommentRecord[] = [await this.getVisible(siteId, id, viewer)];
    while (chain[0].parentId && chain.length <= 100) chain.unshift(await this.getVisible(siteId, chain[0].parentId, viewer));
    const liked = viewer
      ? await this.comments.likedBy(
          siteId,
          viewer.id,
          chain.map((c) => c.id),
        )
      : new Set<string>();
    return { thread: chain.map((c) => toView(c, viewer, liked.has(c.id))) };
  }

  /** The signed-in reader's standing: whether they may post now, and if not why. */
  async standing(viewer: Viewer): Promise<ReaderStanding> {
    const user = await this.userRows.find(viewer.siteId, viewer.id);
    const now = new Date();
    const suspended = user?.status === 'suspended' && !!user.suspendedUntil && user.suspendedUntil > now;
    const status = user?.status === 'banned' ? 'banned' : suspended ? 'suspended' : 'active';
    const warning = user ? await this.users.pendingWarning(viewer.siteId, viewer.id) : null;
    return {
      id: viewer.id,
      name: user?.name ?? viewer.name,
      role: viewer.role,
      status,
      suspendedUntil: suspended ? user.suspendedUntil!.toISOString() : null,
      canPost: status === 'active' && !warning,
      warning,
    };
  }

  async replies(siteId: string, id: string, viewer: Viewer | null, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<CommentView>> {
    await this.getVisible(siteId, id, viewer);
    const key = decodeCursor(cursor, ['string']);
    const records = await this.comments.repliesPage(siteId, id, viewer?.id ?? null, limit + 1, key ? checkId(key[0]) : null);
    return this.viewPage(siteId, records, viewer, limit, (c) => [c.id]);
  }

  async getOne(siteId: string, id: string, viewer: Viewer | null): Promise<CommentView> {
    const c = await this.getVisible(siteId, id, viewer);
    return toView(c, viewer, !!viewer && (await this.comments.likedBy(siteId, viewer.id, [c.id])).has(c.id));
  }

  /** The body as it would be published: the same checks and rendering as posting, nothing stored. */
  preview(siteId: string, rawBody: string): { html: string } {
    return { html: this.checkBody(rawBody, this.settings.get(siteId).maxLength).html };
  }

  // ---- writes ------------------------------------------------------------------------------

  /** The body's HTML with its `@Name` mentions of the article's participants marked (common/mentions.ts). */
  private async withMentions(siteId: string, articleId: string, html: string): Promise<string> {
    return html.includes('@') ? markMentions(html, await this.comments.participantNames(siteId, articleId)) : html;
  }

  async create(articleId: string, dto: CreateCommentDto, viewer: Viewer, idempotencyKey?: string): Promise<CommentView> {
    assertArticleId(articleId);
    const key = checkIdempotencyKey(idempotencyKey);
    const siteId = viewer.siteId;
    const s = this.settings.get(siteId);
    const { body, html: rendered } = this.checkBody(dto.body, s.maxLength);
    const user = await this.users.requirePoster(viewer);
    if (key) {
      const existing = await this.comments.findByIdempotencyKey(siteId, viewer.id, key);
      if (existing) return this.sameRequest(existing, articleId, body, dto.parentId);
    }
    const html = await this.withMentions(siteId, articleId, rendered);
    // Checks and the pipeline (which may wait on the toxicity scorer) run before the transaction,
    // so no lock is held across a network call.
    const article = await this.articles.ensure(siteId, articleId, { title: dto.articleTitle, url: dto.articleUrl, section: dto.articleSection });
    if (article.closed) throw forbidden('ARTICLE_CLOSED', 'This article is closed for comments');
    let depth = 0;
    if (dto.parentId) {
      const parent = isCommentId(dto.parentId) ? await this.comments.find(siteId, dto.parentId) : null;
      if (!parent || parent.articleId !== articleId || !visibleTo(parent, viewer)) {
        throw notFound('PARENT_NOT_FOUND', 'The comment you reply to does not exist on this article');
      }
      if (parent.status !== 'approved') throw badRequest('PARENT_NOT_REPLYABLE', 'Only published comments take replies');
      depth = parent.depth + 1;
      if (depth > s.maxDepth) throw badRequest('MAX_DEPTH_EXCEEDED', `Replies nest at most ${s.maxDepth} levels deep`);
    }
    const input = { user, article, body, html, floodCheckedAtInsert: true };
    const judged = await this.pipeline.run(input);
    try {
      return await this.txs.run(async (tx) => {
        const m = tx.manager;
        // The author's row first, as a deletion of the account takes it: a post racing DELETE /me
        // either commits before it (and goes with the account's comments) or is refused here.
        await this.users.lockPoster(m, viewer);
        const verdict = await this.pipeline.confirmFlood(m, input, judged);
        const record = await this.comments.insert(m, {
          id: newId(),
          siteId,
          articleId,
          parentId: dto.parentId ?? null,
          depth,
          authorId: viewer.id,
          authorName: user.name,
          body,
          html,
          status: verdict.status,
          reasons: verdict.reasons,
          moderated: isModerator(viewer),
          idempotencyKey: key ?? null,
        });
        await this.ledger.apply(tx, null, record, null, article);
        return toView(record, viewer);
      });
    } catch (err) {
      // Two requests with one key raced: the loser answers with the winner's comment.
      if (key && (err as { code?: string }).code === '23505') {
        const existing = await this.comments.findByIdempotencyKey(siteId, viewer.id, key);
        if (existing) return this.sameRequest(existing, articleId, body, dto.parentId);
      }
      throw err;
    }
  }

  async update(id: string, rawBody: string, viewer: Viewer): Promise<CommentView> {
    const siteId = viewer.siteId;
    const s = this.settings.get(siteId);
    const { body, html: rendered } = this.checkBody(rawBody, s.maxLength);
    const user = await this.users.requirePoster(viewer);
    const current = await this.getVisible(siteId, id, viewer);
    const html = await this.withMentions(siteId, current.articleId, rendered);
    this.checkEditable(current, viewer, s.editWindowSeconds);
    const article = await this.articles.find(siteId, current.articleId);
    if (!article) throw notFound('ARTICLE_NOT_FOUND', `No article ${current.articleId}`);
    if (article.closed) throw forbidden('ARTICLE_CLOSED', 'This article is closed for comments');
    const verdict = await this.pipeline.run({ user, article, body, html, commentId: id });
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const before = await this.lockVisible(tx, id, viewer);
      this.checkEditable(before, viewer, s.editWindowSeconds);
      if (body === before.body) return toView(before, viewer, (await this.comments.likedBy(siteId, viewer.id, [id], m)).has(id));
      // An edit never promotes a held comment past a moderator; an approved one may be held again.
      const status = verdict.status === 'approved' && before.status !== 'approved' ? before.status : verdict.status;
      const moderated = status === 'approved' && before.moderated;
      const after = await this.comments.edit(m, before, { body, html, status, reasons: verdict.reasons, moderated: moderated || isModerator(viewer) });
      await this.ledger.apply(tx, before, after, null, article);
      return toView(after, viewer, (await this.comments.likedBy(siteId, viewer.id, [id], m)).has(id));
    });
  }

  private checkEditable(c: CommentRecord, viewer: Viewer, windowSeconds: number): void {
    if (c.authorId !== viewer.id) throw forbidden('NOT_AUTHOR', 'Only the author can edit a comment');
    if (c.status === 'deleted') throw notFound('COMMENT_NOT_FOUND', `No comment ${c.id}`);
    if (c.status === 'rejected' && c.moderated) throw forbidden('COMMENT_REJECTED', 'A moderator rejected this comment');
    if (Date.now() - c.createdAt.getTime() > windowSeconds * 1000) {
      throw forbidden('EDIT_WINDOW_CLOSED', `Comments can be edited for ${windowSeconds} seconds after posting`);
    }
  }

  async remove(id: string, viewer: Viewer): Promise<void> {
    await this.users.upsert(viewer);
    await this.txs.run(async (tx) => {
      const before = await this.lockVisible(tx, id, viewer, true);
      const mod = isModerator(viewer);
      if (before.authorId !== viewer.id && !mod) throw forbidden('NOT_AUTHOR', 'Only the author or a moderator can delete a comment');
      if (before.status === 'deleted') return;
      const byAuthor = before.authorId === viewer.id;
      const after = { ...before, status: 'deleted' as const, reasons: byAuthor ? [...before.reasons, DELETED_BY_AUTHOR] : before.reasons };
      if (byAuthor) await this.comments.saveAuthorDeletion(tx.manager, after);
      else await this.comments.saveState(tx.manager, after);
      await this.ledger.apply(tx, before, after);
      if (before.authorId !== viewer.id) {
        await this.log.write(tx.manager, {
          siteId: viewer.siteId,
          actorId: viewer.id,
          action: 'delete',
          commentId: id,
          userId: before.authorId,
          articleId: before.articleId,
          fromStatus: before.status,
          toStatus: 'deleted',
        });
      }
    });
  }

  async react(id: string, kind: 'like', viewer: Viewer, on: boolean): Promise<{ reactions: { like: number }; viewerReacted: boolean }> {
    // Reacting and reporting are writing too: a banned or suspended reader may only read.
    await this.users.requireWriter(viewer);
    return this.txs.run(async (tx) => {
      const c = await this.lockVisible(tx, id, viewer);
      if (c.status !== 'approved') throw forbidden('NOT_REACTABLE', 'Only published comments take reactions');
      const like = await this.comments.setLike(tx.manager, c, viewer.id, on);
      if (like !== null) await tx.record(articleKey(c.siteId, c.articleId), 'comment.reactions', { id, articleId: c.articleId, reactions: { like } });
      return { reactions: { like: like ?? c.likeCount }, viewerReacted: on };
    });
  }

  /** Returns whether this reader had reported the comment already (then nothing changes). */
  async report(id: string, dto: ReportDto, viewer: Viewer): Promise<{ alreadyReported: boolean }> {
    await this.users.requireWriter(viewer);
    const note = dto.note === undefined ? null : cleanBody(dto.note) || null;
    return this.txs.run(async (tx) => {
      const before = await this.lockVisible(tx, id, viewer);
      if (before.status !== 'approved') throw forbidden('NOT_REPORTABLE', 'Only published comments can be reported');
      if (before.authorId === viewer.id) throw forbidden('OWN_COMMENT', 'You cannot report your own comment');
      // One report per user per comment counts.
      if (!(await this.comments.addReport(tx.manager, before, viewer.id, dto.reason, note))) return { alreadyReported: true };
      await this.ledger.apply(tx, before, { ...before, openReportCount: before.openReportCount + 1 });
      return { alreadyReported: false };
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Locks the comment row of the viewer's site for a change; 404 unless the viewer may see it (moderators see all). */
  async lockVisible(tx: Tx, id: string, viewer: Viewer, moderatorSeesAll = false): Promise<CommentRecord> {
    const c = isCommentId(id) ? await this.comments.lock(tx.manager, viewer.siteId, id) : null;
    if (!c || (!visibleTo(c, viewer) && !(moderatorSeesAll && isModerator(viewer)))) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    return c;
  }

  private async getVisible(siteId: string, id: string, viewer: Viewer | null): Promise<CommentRecord> {
    const c = isCommentId(id) ? await this.comments.find(siteId, id) : null;
    if (!c || !visibleTo(c, viewer)) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    return c;
  }

  private async viewPage(siteId: string, records: CommentRecord[], viewer: Viewer | null, limit: number, key: (c: CommentRecord) => unknown[]) {
    const reacted = viewer
      ? await this.comments.likedBy(
          siteId,
          viewer.id,
          records.slice(0, limit).map((c) => c.id),
        )
      : new Set<string>();
    return toPage(records, limit, (c) => toView(c, viewer, reacted.has(c.id)), key);
  }

  /** The cleaned body and its rendering (rendered once: the check reads what the page will show). */
  private checkBody(raw: string, maxLength: number): { body: string; html: string } {
    const body = cleanBody(raw);
    if (!hasVisibleText(body)) throw badRequest('COMMENT_EMPTY', 'body must not be empty');
    if ([...body].length > maxLength) throw badRequest('COMMENT_TOO_LONG', `body must be at most ${maxLength} characters`);
    // What the page shows: an entity ("&#8203;", "&#x202E;") reaches it as the character itself.
    const html = renderBody(body);
    const shown = renderedText(html);
    if (!hasVisibleText(shown)) throw badRequest('COMMENT_EMPTY', 'body must not be empty');
    // Direction overrides make a reader see other text than was written (and moderated).
    if (hasBidiControl(body) || hasBidiControl(shown)) {
      throw badRequest('COMMENT_BIDI_CONTROL', 'body must not contain bidirectional embedding, override or isolate controls (U+202A-U+202E, U+2066-U+2069)');
    }
    return { body, html };
  }

  /** A replayed key returns the first result; the same key for a different comment is a conflict. */
  private sameRequest(existing: CommentRecord & { originalBody: string }, articleId: string, body: string, parentId?: string): CommentView {
    if (existing.articleId !== articleId || (existing.parentId ?? undefined) !== parentId || existing.originalBody !== body) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different comment');
    }
    return toView(existing, { siteId: existing.siteId, id: existing.authorId, name: existing.authorName, email: null, role: 'reader' });
  }
}

function checkRank(rank: unknown, sort: RankedSort): number {
  if (typeof rank !== 'number' || rank < -1 || (sort === 'featured' && rank !== 1 && rank !== -1)) throw invalidCursor();
  return rank;
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || !isCommentId(id)) throw invalidCursor();
  return id;
}

function checkIdempotencyKey(key: string | string[] | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 visible ASCII characters');
  }
  return key;
}
