import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ArticlesService } from '../articles/articles.service';
import { isModerator, Viewer } from '../auth/viewer';
import { badRequest, conflict, forbidden, notFound } from '../common/api-error';
import { decodeCursor, invalidCursor, Page, toPage } from '../common/cursor';
import { assertArticleId, isCommentId, newId } from '../common/ids';
import { queryRows } from '../common/sql';
import { Tx, TxService } from '../events/tx.service';
import { ModerationLog } from '../moderation/moderation-log';
import { PipelineService } from '../moderation/pipeline.service';
import { SettingsService } from '../settings/settings.service';
import { UsersService } from '../users/users.service';
import { CommentLedger } from './comment-ledger';
import { COMMENT_COLUMNS, COMMENT_FROM, CommentRecord, CommentView, toRecord, toView, visibleSql, visibleTo } from './comment-view';
import { CreateCommentDto, ReportDto, Sort } from './comment.dto';
import { cleanBody, hasVisibleText, renderBody } from './render';

const DEFAULT_LIMIT = 20;

@Injectable()
export class CommentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly txs: TxService,
    private readonly ledger: CommentLedger,
    private readonly pipeline: PipelineService,
    private readonly settings: SettingsService,
    private readonly users: UsersService,
    private readonly articles: ArticlesService,
    private readonly log: ModerationLog,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  async list(articleId: string, viewer: Viewer | null, sort: Sort = 'newest', limit = DEFAULT_LIMIT, cursor?: string) {
    assertArticleId(articleId);
    const params: unknown[] = [articleId, viewer?.id ?? null, limit + 1];
    let keyset = '';
    let order: string;
    if (sort === 'top') {
      const key = decodeCursor(cursor, ['int', 'string']);
      if (key) {
        params.push(key[0], checkId(key[1]));
        keyset = `AND (c.like_count, c.id) < ($4, $5::uuid)`;
      }
      order = `c.article_id, c.like_count DESC, c.id DESC`;
    } else {
      const key = decodeCursor(cursor, ['string']);
      const op = sort === 'oldest' ? '>' : '<';
      if (key) {
        params.push(checkId(key[0]));
        keyset = `AND c.id ${op} $4::uuid`;
      }
      order = sort === 'oldest' ? `c.article_id, c.id` : `c.article_id DESC, c.id DESC`;
    }
    // The order names the article first, as the partial indexes do: the only index that can give
    // it is the article's own, so the planner never walks the primary key of every article instead.
    const [rows, article] = await Promise.all([
      this.ds.query(
        `SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM}
         WHERE c.article_id = $1 AND c.parent_id IS NULL AND ${visibleSql('$2')} ${keyset}
         ORDER BY ${order} LIMIT $3`,
        params,
      ),
      this.ds.query(`SELECT comment_count FROM articles WHERE id = $1`, [articleId]),
    ]);
    const page = await this.viewPage(rows.map(toRecord), viewer, limit, (c) => (sort === 'top' ? [c.likeCount, c.id] : [c.id]));
    return { ...page, total: Number(article[0]?.comment_count ?? 0) };
  }

  async replies(id: string, viewer: Viewer | null, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<CommentView>> {
    await this.getVisible(id, viewer);
    const key = decodeCursor(cursor, ['string']);
    const params: unknown[] = [id, viewer?.id ?? null, limit + 1];
    if (key) params.push(checkId(key[0]));
    const rows = await this.ds.query(
      `SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM}
       WHERE c.parent_id = $1 AND ${visibleSql('$2')} ${key ? 'AND c.id > $4::uuid' : ''}
       ORDER BY c.parent_id, c.id LIMIT $3`,
      params,
    );
    return this.viewPage(rows.map(toRecord), viewer, limit, (c) => [c.id]);
  }

  async getOne(id: string, viewer: Viewer | null): Promise<CommentView> {
    const c = await this.getVisible(id, viewer);
    return toView(c, viewer, await this.reacted(viewer, [c.id]).then((s) => s.has(c.id)));
  }

  // ---- writes ------------------------------------------------------------------------------

  async create(articleId: string, dto: CreateCommentDto, viewer: Viewer, idempotencyKey?: string): Promise<CommentView> {
    assertArticleId(articleId);
    const key = checkIdempotencyKey(idempotencyKey);
    const s = this.settings.get();
    const body = this.checkBody(dto.body, s.maxLength);
    const user = await this.users.requireWriter(viewer);
    if (key) {
      const existing = await this.findByIdempotencyKey(this.ds.manager, viewer.id, key);
      if (existing) return this.sameRequest(existing, articleId, body, dto.parentId);
    }
    const html = renderBody(body);
    // Checks and the pipeline (which may wait on the toxicity scorer) run before the transaction,
    // so no lock is held across a network call.
    const m0 = this.ds.manager;
    const article = await this.articles.ensure(m0, articleId, dto.articleTitle, dto.articleUrl);
    if (article.closed) throw forbidden('ARTICLE_CLOSED', 'This article is closed for comments');
    let depth = 0;
    if (dto.parentId) {
      const parent = await this.findRecord(m0, dto.parentId);
      if (!parent || parent.articleId !== articleId || !visibleTo(parent, viewer)) {
        throw notFound('PARENT_NOT_FOUND', 'The comment you reply to does not exist on this article');
      }
      if (parent.status !== 'approved') throw badRequest('PARENT_NOT_REPLYABLE', 'Only published comments take replies');
      depth = parent.depth + 1;
      if (depth > s.maxDepth) throw badRequest('MAX_DEPTH_EXCEEDED', `Replies nest at most ${s.maxDepth} levels deep`);
    }
    const input = { user, article, body, html, floodCheckedAtInsert: true };
    const judged = await this.pipeline.run(m0, input);
    try {
      return await this.txs.run(async (tx) => {
        const m = tx.manager;
        const verdict = await this.pipeline.confirmFlood(m, input, judged);
        const id = newId();
        const [row] = await m.query(
          `INSERT INTO comments (id, article_id, parent_id, depth, author_id, body, html, status, reasons, moderated, idempotency_key, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now()) RETURNING *`,
          [id, articleId, dto.parentId ?? null, depth, viewer.id, body, html, verdict.status, verdict.reasons, isModerator(viewer), key ?? null],
        );
        const record = toRecord({ ...row, author_name: user.name });
        await this.ledger.apply(tx, null, record);
        return toView(record, viewer);
      });
    } catch (err) {
      // Two requests with one key raced: the loser answers with the winner's comment.
      if (key && (err as { code?: string }).code === '23505') {
        const existing = await this.findByIdempotencyKey(this.ds.manager, viewer.id, key);
        if (existing) return this.sameRequest(existing, articleId, body, dto.parentId);
      }
      throw err;
    }
  }

  async update(id: string, rawBody: string, viewer: Viewer): Promise<CommentView> {
    const s = this.settings.get();
    const body = this.checkBody(rawBody, s.maxLength);
    const user = await this.users.requireWriter(viewer);
    const html = renderBody(body);
    const current = await this.getVisible(id, viewer);
    this.checkEditable(current, viewer, s.editWindowSeconds);
    const article = await this.articles.get(current.articleId);
    if (article.closed) throw forbidden('ARTICLE_CLOSED', 'This article is closed for comments');
    const verdict = await this.pipeline.run(this.ds.manager, { user, article, body, html, commentId: id });
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const before = await this.lockVisible(tx, id, viewer);
      this.checkEditable(before, viewer, s.editWindowSeconds);
      if (body === before.body) return toView(before, viewer, (await this.reacted(viewer, [id], m)).has(id));
      // An edit never promotes a held comment past a moderator; an approved one may be held again.
      const status = verdict.status === 'approved' && before.status !== 'approved' ? before.status : verdict.status;
      const moderated = status === 'approved' && before.moderated;
      await m.query(`INSERT INTO comment_revisions (comment_id, body, html) VALUES ($1, $2, $3)`, [id, before.body, before.html]);
      await m.query(
        `UPDATE comments SET body = $2, html = $3, status = $4, reasons = $5, moderated = $6, edited_at = now() WHERE id = $1`,
        [id, body, html, status, verdict.reasons, moderated || isModerator(viewer)],
      );
      const after = (await this.findRecord(m, id))!;
      await this.ledger.apply(tx, before, after);
      return toView(after, viewer, (await this.reacted(viewer, [id], m)).has(id));
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
      await tx.manager.query(`UPDATE comments SET status = 'deleted' WHERE id = $1`, [id]);
      const after = { ...before, status: 'deleted' as const };
      await this.ledger.apply(tx, before, after);
      if (before.authorId !== viewer.id) {
        await this.log.write(tx.manager, { actorId: viewer.id, action: 'delete', commentId: id, userId: before.authorId, articleId: before.articleId, fromStatus: before.status, toStatus: 'deleted' });
      }
    });
  }

  async react(id: string, kind: 'like', viewer: Viewer, on: boolean): Promise<{ reactions: { like: number }; viewerReacted: boolean }> {
    // Reacting and reporting are writing too: a banned or suspended reader may only read.
    await this.users.requireWriter(viewer);
    return this.txs.run(async (tx) => {
      const m = tx.manager;
      const c = await this.lockVisible(tx, id, viewer);
      if (c.status !== 'approved') throw forbidden('NOT_REACTABLE', 'Only published comments take reactions');
      const changed = on
        ? await queryRows(m, `INSERT INTO reactions (comment_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`, [id, viewer.id, kind])
        : await queryRows(m, `DELETE FROM reactions WHERE comment_id = $1 AND user_id = $2 AND kind = $3 RETURNING 1`, [id, viewer.id, kind]);
      let like = c.likeCount;
      if (changed.length) {
        const [row] = await queryRows(m, `UPDATE comments SET like_count = like_count + $2 WHERE id = $1 RETURNING like_count`, [id, on ? 1 : -1]);
        like = Number(row.like_count);
        await tx.record(c.articleId, 'comment.reactions', { id, articleId: c.articleId, reactions: { like } });
      }
      return { reactions: { like }, viewerReacted: on };
    });
  }

  async report(id: string, dto: ReportDto, viewer: Viewer): Promise<void> {
    await this.users.requireWriter(viewer);
    const note = dto.note === undefined ? null : cleanBody(dto.note) || null;
    await this.txs.run(async (tx) => {
      const m = tx.manager;
      const before = await this.lockVisible(tx, id, viewer);
      if (before.status !== 'approved') throw forbidden('NOT_REPORTABLE', 'Only published comments can be reported');
      if (before.authorId === viewer.id) throw forbidden('OWN_COMMENT', 'You cannot report your own comment');
      const inserted = await queryRows(
        m,
        `INSERT INTO reports (comment_id, user_id, reason, note) VALUES ($1, $2, $3, $4) ON CONFLICT (comment_id, user_id) DO NOTHING RETURNING id`,
        [id, viewer.id, dto.reason, note],
      );
      if (!inserted.length) return; // one report per user per comment counts
      await m.query(`UPDATE comments SET open_report_count = open_report_count + 1 WHERE id = $1`, [id]);
      await this.ledger.apply(tx, before, { ...before, openReportCount: before.openReportCount + 1 });
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  findRecord(m: EntityManager, id: string, lock = ''): Promise<CommentRecord | null> {
    if (!isCommentId(id)) return Promise.resolve(null);
    return m.query(`SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM} WHERE c.id = $1 ${lock}`, [id]).then((r: any[]) => (r[0] ? toRecord(r[0]) : null));
  }

  /** Locks the comment row for a change; 404 unless the viewer may see it (moderators see all). */
  async lockVisible(tx: Tx, id: string, viewer: Viewer, moderatorSeesAll = false): Promise<CommentRecord> {
    const c = await this.findRecord(tx.manager, id, 'FOR UPDATE OF c');
    if (!c || (!visibleTo(c, viewer) && !(moderatorSeesAll && isModerator(viewer)))) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    return c;
  }

  private async getVisible(id: string, viewer: Viewer | null): Promise<CommentRecord> {
    const c = await this.findRecord(this.ds.manager, id);
    if (!c || !visibleTo(c, viewer)) throw notFound('COMMENT_NOT_FOUND', `No comment ${id}`);
    return c;
  }

  private async viewPage(records: CommentRecord[], viewer: Viewer | null, limit: number, key: (c: CommentRecord) => unknown[]) {
    const reacted = await this.reacted(viewer, records.slice(0, limit).map((c) => c.id));
    return toPage(records, limit, (c) => toView(c, viewer, reacted.has(c.id)), key);
  }

  private async reacted(viewer: Viewer | null, ids: string[], m: EntityManager = this.ds.manager): Promise<Set<string>> {
    if (!viewer || !ids.length) return new Set();
    const rows = await m.query(`SELECT comment_id FROM reactions WHERE user_id = $1 AND kind = 'like' AND comment_id = ANY($2::uuid[])`, [viewer.id, ids]);
    return new Set(rows.map((r: { comment_id: string }) => r.comment_id));
  }

  private checkBody(raw: string, maxLength: number): string {
    const body = cleanBody(raw);
    if (!hasVisibleText(body)) throw badRequest('COMMENT_EMPTY', 'body must not be empty');
    if ([...body].length > maxLength) throw badRequest('COMMENT_TOO_LONG', `body must be at most ${maxLength} characters`);
    return body;
  }

  /** The comment a key created, with the text it was first posted with (edits keep it as a revision). */
  private async findByIdempotencyKey(m: EntityManager, authorId: string, key: string): Promise<(CommentRecord & { originalBody: string }) | null> {
    const [r] = await m.query(
      `SELECT ${COMMENT_COLUMNS},
         coalesce((SELECT rv.body FROM comment_revisions rv WHERE rv.comment_id = c.id ORDER BY rv.id LIMIT 1), c.body) AS original_body
       FROM ${COMMENT_FROM} WHERE c.author_id = $1 AND c.idempotency_key = $2`,
      [authorId, key],
    );
    return r ? { ...toRecord(r), originalBody: r.original_body } : null;
  }

  /** A replayed key returns the first result; the same key for a different comment is a conflict. */
  private sameRequest(existing: CommentRecord & { originalBody: string }, articleId: string, body: string, parentId?: string): CommentView {
    if (existing.articleId !== articleId || (existing.parentId ?? undefined) !== parentId || existing.originalBody !== body) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different comment');
    }
    return toView(existing, { id: existing.authorId, name: existing.authorName, email: null, role: 'reader' });
  }
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
