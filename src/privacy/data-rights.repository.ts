import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ReaderDataExport } from '../common/data-rights-contract';
import { queryRows } from '../common/sql';

/** The name a deleted reader's kept comments, and the notifications about them, carry from then on. */
export const DELETED_USER_NAME = 'Deleted user';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Owns the SQL of one reader's personal data across the tables that hold it: the export, the
 * hand-over of their history to a fresh anonymous row when the account is deleted, and the
 * site's retention of stored emails and IP addresses. Every statement names the site.
 */
@Injectable()
export class DataRightsRepository {
  constructor(private readonly ds: DataSource) {}

  // ---- export ------------------------------------------------------------------------------

  async export(siteId: string, userId: string, m: EntityManager = this.ds.manager): Promise<Omit<ReaderDataExport, 'exportedAt' | 'site'> | null> {
    const [u] = await queryRows<Record<string, unknown>>(m, `SELECT * FROM users WHERE site_id = $1 AND id = $2`, [siteId, userId]);
    if (!u) return null;
    const comments = await queryRows<Record<string, unknown>>(
      m,
      `SELECT c.id, c.article_id, c.parent_id, c.status, c.reasons, c.featured, c.body, c.html, c.like_count, c.reply_count, c.created_at, c.edited_at,
              c.decided_at,
              coalesce((SELECT json_agg(json_build_object('body', r.body, 'html', r.html, 'createdAt', r.created_at) ORDER BY r.id)
                          FROM comment_revisions r WHERE r.comment_id = c.id), '[]'::json) AS revisions
         FROM comments c WHERE c.site_id = $1 AND c.author_id = $2 ORDER BY c.id`,
      [siteId, userId],
    );
    const reactions = await queryRows<Record<string, unknown>>(
      m,
      `SELECT comment_id, kind, created_at FROM reactions WHERE site_id = $1 AND user_id = $2 ORDER BY created_at, comment_id`,
      [siteId, userId],
    );
    const reports = await queryRows<Record<string, unknown>>(
      m,
      `SELECT comment_id, reason, note, created_at, resolved_at FROM reports WHERE site_id = $1 AND user_id = $2 ORDER BY id`,
      [siteId, userId],
    );
    const notifications = await queryRows<Record<string, unknown>>(
      m,
      `SELECT id, kind, comment_id, article_id, actor_name, reason, excerpt, read_at, created_at FROM notifications WHERE site_id = $1 AND user_id = $2 ORDER BY id`,
      [siteId, userId],
    );
    const [prefs] = await queryRows<Record<string, unknown>>(m, `SELECT email, updated_at FROM notification_preferences WHERE site_id = $1 AND user_id = $2`, [
      siteId,
      userId,
    ]);
    const emails = await queryRows<Record<string, unknown>>(
      m,
      `SELECT mode, status, address, created_at, finished_at FROM notification_emails WHERE site_id = $1 AND user_id = $2 ORDER BY id`,
      [siteId, userId],
    );
    const mutes = await queryRows<Record<string, unknown>>(
      m,
      `SELECT muted_id, created_at FROM mutes WHERE site_id = $1 AND user_id = $2 ORDER BY created_at`,
      [siteId, userId],
    );
    const warnings = await queryRows<Record<string, unknown>>(
      m,
      `SELECT message, created_at, acknowledged_at FROM user_warnings WHERE site_id = $1 AND user_id = $2 ORDER BY id`,
      [siteId, userId],
    );
    // Decisions about the reader and their comments; who decided is the site's, not theirs.
    const decisions = await queryRows<Record<string, unknown>>(
      m,
      `SELECT action, comment_id, article_id, from_status, to_status, reason, created_at FROM moderation_log WHERE site_id = $1 AND user_id = $2 ORDER BY id`,
      [siteId, userId],
    );
    return {
      profile: {
        id: String(u.id),
        name: String(u.name),
        email: (u.email as string | null) ?? null,
        role: u.role as ReaderDataExport['profile']['role'],
        status: u.status as ReaderDataExport['profile']['status'],
        suspendedUntil: iso(u.suspended_until as Date | null),
        sanctionReason: (u.sanction_reason as string | null) ?? null,
        premod: Boolean(u.premod),
        approvedCount: Number(u.approved_count),
        rejectedCount: Number(u.rejected_count),
        createdAt: iso(u.created_at as Date)!,
        updatedAt: iso(u.updated_at as Date)!,
      },
      comments: comments.map((c) => ({
        id: String(c.id),
        articleId: String(c.article_id),
        parentId: (c.parent_id as string | null) ?? null,
        status: c.status as ReaderDataExport['comments'][number]['status'],
        reasons: c.reasons as string[],
        featured: Boolean(c.featured),
        body: String(c.body),
        html: String(c.html),
        likes: Number(c.like_count),
        replies: Number(c.reply_count),
        createdAt: iso(c.created_at as Date)!,
        editedAt: iso(c.edited_at as Date | null),
        decidedAt: iso(c.decided_at as Date | null),
        revisions: (c.revisions as { body: string; html: string; createdAt: string }[]).map((r) => ({ ...r, createdAt: iso(r.createdAt)! })),
      })),
      reactions: reactions.map((r) => ({ commentId: String(r.comment_id), kind: String(r.kind), createdAt: iso(r.created_at as Date)! })),
      reports: reports.map((r) => ({
        commentId: String(r.comment_id),
        reason: String(r.reason),
        note: (r.note as string | null) ?? null,
        createdAt: iso(r.created_at as Date)!,
        resolvedAt: iso(r.resolved_at as Date | null),
      })),
      notifications: notifications.map((n) => ({
        id: String(n.id),
        kind: String(n.kind),
        commentId: String(n.comment_id),
        articleId: String(n.article_id),
        actorName: (n.actor_name as string | null) ?? null,
        reason: (n.reason as string | null) ?? null,
        excerpt: String(n.excerpt),
        readAt: iso(n.read_at as Date | null),
        createdAt: iso(n.created_at as Date)!,
      })),
      preferences: { email: prefs ? (prefs.email as ReaderDataExport['preferences']['email']) : null, updatedAt: prefs ? iso(prefs.updated_at as Date) : null },
      emails: emails.map((e) => ({
        mode: String(e.mode),
        status: String(e.status),
        address: (e.address as string | null) ?? null,
        createdAt: iso(e.created_at as Date)!,
        finishedAt: iso(e.finished_at as Date | null),
      })),
      mutes: mutes.map((x) => ({ userId: String(x.muted_id), createdAt: iso(x.created_at as Date)! })),
      warnings: warnings.map((w) => ({
        message: String(w.message),
        createdAt: iso(w.created_at as Date)!,
        acknowledgedAt: iso(w.acknowledged_at as Date | null),
      })),
      moderation: decisions.map((d) => ({
        action: String(d.action),
        commentId: (d.comment_id as string | null) ?? null,
        articleId: (d.article_id as string | null) ?? null,
        from: (d.from_status as string | null) ?? null,
        to: (d.to_status as string | null) ?? null,
        reason: (d.reason as string | null) ?? null,
        createdAt: iso(d.created_at as Date)!,
      })),
    };
  }

  // ---- deletion ----------------------------------------------------------------------------

  /** The account's row, locked: a post racing the deletion waits for it (its foreign key check shares this lock). */
  async lockAccount(m: EntityManager, siteId: string, userId: string): Promise<{ role: string; deletedAt: Date | null } | null> {
    const [row] = await queryRows<{ role: string; deleted_at: Date | null }>(
      m,
      `SELECT role, deleted_at FROM users WHERE site_id = $1 AND id = $2 FOR UPDATE`,
      [siteId, userId],
    );
    return row ? { role: row.role, deletedAt: row.deleted_at ? new Date(row.deleted_at) : null } : null;
  }

  /** Ids of the account's comments, oldest first, for the caller to lock one by one. */
  async commentIds(m: EntityManager, siteId: string, userId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM comments WHERE site_id = $1 AND author_id = $2 ORDER BY id`, [siteId, userId]);
    return rows.map((r) => r.id);
  }

  /** A comment the author's deletion removes: a tombstone with no text left, its earlier versions gone. */
  async eraseComment(m: EntityManager, siteId: string, id: string, status: string, reasons: string[]): Promise<void> {
    await m.query(`UPDATE comments SET status = $3, reasons = $4, body = '', html = '' WHERE site_id = $1 AND id = $2`, [siteId, id, status, reasons]);
    await m.query(`DELETE FROM comment_revisions WHERE comment_id = $1`, [id]);
  }

  /**
   * Hands the account's history to a new anonymous row (`ghostId`), which takes its comments,
   * reactions, reports, tallies and the log entries about it, so counts stay exact while nothing
   * joins them to the person any more; a later account under the same id starts from nothing.
   * Their own notifications, email preferences, sent emails and the staff's notes on them are
   * deleted, and so are their mutes and others' mutes of them; warnings move with the history;
   * other readers' notifications about their comments lose the name (and, `erase`, the excerpt).
   */
  async handOver(m: EntityManager, siteId: string, userId: string, ghostId: string, erase: boolean): Promise<void> {
    await m.query(
      `INSERT INTO users (site_id, id, name, email, role, status, premod, approved_count, rejected_count, deleted_at)
       SELECT site_id, $3, $4, NULL, 'reader', 'active', false, approved_count, rejected_count, now() FROM users WHERE site_id = $1 AND id = $2`,
      [siteId, userId, ghostId, DELETED_USER_NAME],
    );
    const params = [siteId, userId, ghostId];
    await m.query(`UPDATE comments SET author_id = $3 WHERE site_id = $1 AND author_id = $2`, params);
    await m.query(`UPDATE reactions SET user_id = $3 WHERE site_id = $1 AND user_id = $2`, params);
    await m.query(`UPDATE reports SET user_id = $3 WHERE site_id = $1 AND user_id = $2`, params);
    await m.query(`UPDATE moderation_log SET user_id = $3 WHERE site_id = $1 AND user_id = $2`, params);
    await m.query(`UPDATE user_warnings SET user_id = $3 WHERE site_id = $1 AND user_id = $2`, params);
    await m.query(`UPDATE moderation_log SET actor_id = $3 WHERE site_id = $1 AND actor_id = $2`, params);
    await m.query(
      `UPDATE notifications SET actor_name = $3 ${erase ? `, excerpt = ''` : ''}
        WHERE site_id = $1 AND comment_id IN (SELECT id FROM comments WHERE site_id = $1 AND author_id = $2)`,
      [siteId, ghostId, DELETED_USER_NAME],
    );
    await m.query(`DELETE FROM notifications WHERE site_id = $1 AND user_id = $2`, [siteId, userId]);
    await m.query(`DELETE FROM notification_preferences WHERE site_id = $1 AND user_id = $2`, [siteId, userId]);
    await m.query(`DELETE FROM notification_emails WHERE site_id = $1 AND user_id = $2`, [siteId, userId]);
    await m.query(`DELETE FROM user_notes WHERE site_id = $1 AND user_id = $2`, [siteId, userId]);
    // Their mutes, and others' mutes of them: a mute is of a person, and the person is gone.
    await m.query(`DELETE FROM mutes WHERE site_id = $1 AND (user_id = $2 OR muted_id = $2)`, [siteId, userId]);
  }

  /**
   * The account's own row keeps only what refuses its old tokens and a sanction still in force
   * (deleting an account is no way out of a ban): no name, no email, no tallies.
   */
  async scrubAccount(m: EntityManager, siteId: string, userId: string): Promise<void> {
    await m.query(
      `UPDATE users SET name = $3, email = NULL, approved_count = 0, rejected_count = 0, deleted_at = now(), updated_at = now(),
              sanction_reason = CASE WHEN status = 'active' AND NOT premod THEN NULL ELSE sanction_reason END
        WHERE site_id = $1 AND id = $2`,
      [siteId, userId, DELETED_USER_NAME],
    );
  }

  // ---- retention ---------------------------------------------------------------------------

  /**
   * Removes the site's readers' emails, the addresses of its sent notification emails and the IP
   * addresses of its staff audit entries stored more than `days` days ago; returns how many
   * values were removed.
   */
  async expire(siteId: string, days: number): Promise<{ emails: number; addresses: number; ips: number }> {
    return this.ds.transaction(async (m) => {
      const cut = `now() - make_interval(days => $2)`;
      const emails = await queryRows(m, `UPDATE users SET email = NULL WHERE site_id = $1 AND email IS NOT NULL AND email_seen_at < ${cut} RETURNING 1`, [
        siteId,
        days,
      ]);
      const addresses = await queryRows(
        m,
        `UPDATE notification_emails SET address = NULL WHERE site_id = $1 AND address IS NOT NULL AND created_at < ${cut} RETURNING 1`,
        [siteId, days],
      );
      const ips = await queryRows(m, `UPDATE staff_audit SET ip = NULL WHERE site_id = $1 AND ip IS NOT NULL AND created_at < ${cut} RETURNING 1`, [
        siteId,
        days,
      ]);
      return { emails: emails.length, addresses: addresses.length, ips: ips.length };
    });
  }
}
