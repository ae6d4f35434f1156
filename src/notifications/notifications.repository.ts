import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { EmailMode, NotificationKind } from '../common/notification-contract';
import { queryRows } from '../common/sql';

export interface NotificationRecord {
  id: string;
  siteId: string;
  userId: string;
  kind: NotificationKind;
  /** Null for a warning (and only then), as are the article's fields. */
  commentId: string | null;
  articleId: string | null;
  articleTitle: string | null;
  articleUrl: string | null;
  actorName: string | null;
  reason: string | null;
  excerpt: string;
  readAt: Date | null;
  createdAt: Date;
}

export interface NewNotification {
  siteId: string;
  userId: string;
  kind: NotificationKind;
  dedupeKey: string;
  eventId: string;
  /** Null for a warning. */
  commentId: string | null;
  articleId: string | null;
  actorName: string | null;
  reason: string | null;
  excerpt: string;
  /** `pending` when the reader's digest will carry it, else `none`. */
  emailState: 'none' | 'pending' | 'queued';
}

/** What the notifier needs to know of a reader it may tell. */
export interface Recipient {
  siteId: string;
  userId: string;
  banned: boolean;
  /** Suspended by a moderator, and the suspension still lasts: their notifications are kept, no email goes to them. */
  suspended: boolean;
  email: string | null;
  mode: EmailMode;
}

export interface EmailRecord {
  id: string;
  siteId: string;
  userId: string;
  kind: 'reader' | 'staff-digest';
  mode: Exclude<EmailMode, 'off'>;
  notificationIds: string[];
  status: 'pending' | 'sent' | 'failed' | 'skipped' | 'bounced';
  address: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/**
 * Replies to a reply show its text only while it is published; the reader's own comment (the
 * decisions) always. The article's title and URL make the permalink.
 */
/** A suspension that still lasts (as `isSanctioned` reads it; one that ran out leaves the status behind). */
const SUSPENDED = `(u.status = 'suspended' AND u.suspended_until IS NOT NULL AND u.suspended_until > now()) AS suspended`;
const VIEW = `n.id::text AS id, n.site_id AS "siteId", n.user_id AS "userId", n.kind, n.comment_id AS "commentId", n.article_id AS "articleId",
  a.title AS "articleTitle", a.url AS "articleUrl", n.actor_name AS "actorName", n.reason,
  CASE WHEN n.kind = 'reply' AND c.status IS DISTINCT FROM 'approved' THEN '' ELSE n.excerpt END AS excerpt,
  n.read_at AS "readAt", n.created_at AS "createdAt"`;
const FROM = `notifications n
  LEFT JOIN comments c ON c.id = n.comment_id AND c.site_id = n.site_id
  LEFT JOIN articles a ON a.site_id = n.site_id AND a.id = n.article_id`;

const EMAIL = `id::text AS id, site_id AS "siteId", user_id AS "userId", kind, mode, notification_ids::text[] AS "notificationIds", status, address,
  attempts, last_error AS "lastError", created_at AS "createdAt", finished_at AS "finishedAt"`;

/** The SQL of notifications, preferences and notification emails; every query names the site. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Answers the notifications made (one that exists already for its reader and key is not made again). */
  insert(m: EntityManager, rows: NewNotification[]): Promise<{ id: string; siteId: string; userId: string; emailState: string }[]> {
    if (!rows.length) return Promise.resolve([]);
    return queryRows(
      m,
      `INSERT INTO notifications (site_id, user_id, kind, dedupe_key, event_id, comment_id, article_id, actor_name, reason, excerpt, email_state)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       ON CONFLICT (site_id, user_id, dedupe_key) DO NOTHING
       RETURNING id::text AS id, site_id AS "siteId", user_id AS "userId", email_state AS "emailState"`,
      [
        rows.map((r) => r.siteId),
        rows.map((r) => r.userId),
        rows.map((r) => r.kind),
        rows.map((r) => r.dedupeKey),
        rows.map((r) => r.eventId),
        rows.map((r) => r.commentId),
        rows.map((r) => r.articleId),
        rows.map((r) => r.actorName),
        rows.map((r) => r.reason),
        rows.map((r) => r.excerpt),
        rows.map((r) => r.emailState),
      ],
    );
  }

  /** Authors (and their status) of these comments of one site. */
  authorsOf(m: EntityManager, siteId: string, commentIds: string[]): Promise<{ id: string; authorId: string; status: string }[]> {
    return queryRows(m, `SELECT id, author_id AS "authorId", status FROM comments WHERE site_id = $1 AND id = ANY($2::uuid[])`, [siteId, commentIds]);
  }

  /** The people with a published comment on the article: whom `@Name` can mention. */
  participants(m: EntityManager, siteId: string, articleId: string): Promise<{ id: string; name: string }[]> {
    return queryRows(
      m,
      `SELECT u.id, u.name FROM users u
        WHERE u.site_id = $1 AND u.id IN (SELECT author_id FROM comments WHERE site_id = $1 AND article_id = $2 AND status = 'approved')`,
      [siteId, articleId],
    );
  }

  /** Which of these (reader, other) pairs are a reader who muted the other, as `reader\nother`. */
  async mutedPairs(m: EntityManager, siteId: string, pairs: [string, string][]): Promise<Set<string>> {
    const rows = await queryRows<{ userId: string; mutedId: string }>(
      m,
      `SELECT user_id AS "userId", muted_id AS "mutedId" FROM mutes
        WHERE site_id = $1 AND (user_id, muted_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [siteId, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    return new Set(rows.map((r) => `${r.userId}\n${r.mutedId}`));
  }

  /** The readers of one site, with their standing, address and email choice. */
  recipients(m: EntityManager, siteId: string, userIds: string[]): Promise<Recipient[]> {
    return queryRows<Recipient>(
      m,
      `SELECT u.site_id AS "siteId", u.id AS "userId", u.status = 'banned' AS banned, ${SUSPENDED}, u.email, coalesce(p.email, 'off') AS mode
         FROM users u LEFT JOIN notification_preferences p ON p.site_id = u.site_id AND p.user_id = u.id
        WHERE u.site_id = $1 AND u.id = ANY($2::text[])`,
      [siteId, userIds],
    );
  }

  /** The latest decision of this action (approve, reject, feature) logged on each of these comments: who made it and why. */
  decisions(m: EntityManager, siteId: string, commentIds: string[], action: string): Promise<{ commentId: string; actorId: string; reason: string | null }[]> {
    return queryRows(
      m,
      `SELECT DISTINCT ON (comment_id) comment_id AS "commentId", actor_id AS "actorId", reason
         FROM moderation_log WHERE site_id = $1 AND comment_id = ANY($2::uuid[]) AND action = $3
        ORDER BY comment_id, id DESC`,
      [siteId, commentIds, action],
    );
  }

  /** Newest first; `beforeId` continues a page. */
  page(siteId: string, userId: string, limit: number, beforeId: string | null): Promise<NotificationRecord[]> {
    return queryRows<NotificationRecord>(
      this.ds.manager,
      `SELECT ${VIEW} FROM ${FROM} WHERE n.site_id = $1 AND n.user_id = $2 AND ($4::bigint IS NULL OR n.id < $4::bigint) ORDER BY n.id DESC LIMIT $3`,
      [siteId, userId, limit, beforeId],
    );
  }

  byIds(siteId: string, ids: string[], m: EntityManager = this.ds.manager): Promise<NotificationRecord[]> {
    return queryRows<NotificationRecord>(m, `SELECT ${VIEW} FROM ${FROM} WHERE n.site_id = $1 AND n.id = ANY($2::bigint[]) ORDER BY n.id`, [siteId, ids]);
  }

  async unreadCount(siteId: string, userId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.ds.manager,
      `SELECT count(*)::int AS n FROM notifications WHERE site_id = $1 AND user_id = $2 AND read_at IS NULL`,
      [siteId, userId],
    );
    return row.n;
  }

  /** Marks these (or, with null, all) of the reader's notifications read. */
  async markRead(siteId: string, userId: string, ids: string[] | null): Promise<void> {
    await this.ds.query(
      `UPDATE notifications SET read_at = now() WHERE site_id = $1 AND user_id = $2 AND read_at IS NULL AND ($3::bigint[] IS NULL OR id = ANY($3::bigint[]))`,
      [siteId, userId, ids],
    );
  }

  /** A reader as an email to them needs them: name, address, standing and choice now. */
  async reader(
    siteId: string,
    userId: string,
  ): Promise<{ name: string; email: string | null; banned: boolean; suspended: boolean; mode: EmailMode; locale: string | null } | null> {
    const [row] = await queryRows<{ name: string; email: string | null; banned: boolean; suspended: boolean; mode: EmailMode; locale: string | null }>(
      this.ds.manager,
      `SELECT u.name, u.email, u.status = 'banned' AS banned, ${SUSPENDED}, coalesce(p.email, 'off') AS mode, p.locale
         FROM users u LEFT JOIN notification_preferences p ON p.site_id = u.site_id AND p.user_id = u.id
        WHERE u.site_id = $1 AND u.id = $2`,
      [siteId, userId],
    );
    return row ?? null;
  }

  async preference(siteId: string, userId: string): Promise<EmailMode> {
    const [row] = await queryRows<{ email: EmailMode }>(this.ds.manager, `SELECT email FROM notification_preferences WHERE site_id = $1 AND user_id = $2`, [
      siteId,
      userId,
    ]);
    return row?.email ?? 'off';
  }

  /** Sets the reader's choice; `locale` (their token's claim, null for none) when it is known, else the one kept stays. */
  async setPreference(siteId: string, userId: string, mode: EmailMode, locale?: string | null, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(
      `INSERT INTO notification_preferences (site_id, user_id, email, locale) VALUES ($1, $2, $3, $4)
       ON CONFLICT (site_id, user_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now(),
         locale = CASE WHEN $5 THEN EXCLUDED.locale ELSE notification_preferences.locale END`,
      [siteId, userId, mode, locale ?? null, locale !== undefined],
    );
  }

  /** Keeps the language of the reader's token for their later emails (only for a reader who has a choice stored). */
  async noteLocale(siteId: string, userId: string, locale: string | null): Promise<void> {
    await this.ds.query(`UPDATE notification_preferences SET locale = $3 WHERE site_id = $1 AND user_id = $2 AND locale IS DISTINCT FROM $3`, [
      siteId,
      userId,
      locale,
    ]);
  }

  async preferenceLocale(siteId: string, userId: string): Promise<string | null> {
    const [row] = await queryRows<{ locale: string | null }>(
      this.ds.manager,
      `SELECT locale FROM notification_preferences WHERE site_id = $1 AND user_id = $2`,
      [siteId, userId],
    );
    return row?.locale ?? null;
  }

  /**
   * Opens the reader's digest when none is collecting: answers when it is due (null: one is open already).
   * The row lock also orders two dispatchers opening one together.
   */
  async openDigest(m: EntityManager, siteId: string, userId: string, dueAt: Date): Promise<Date | null> {
    const [row] = await queryRows<{ due: Date }>(
      m,
      `UPDATE notification_preferences SET digest_due_at = $3 WHERE site_id = $1 AND user_id = $2 AND digest_due_at IS NULL RETURNING digest_due_at AS due`,
      [siteId, userId, dueAt],
    );
    return row?.due ?? null;
  }

  /** Closes the reader's digest: takes what waited for it (marked queued) and the reader's choice now. */
  async closeDigest(m: EntityManager, siteId: string, userId: string): Promise<{ mode: EmailMode; ids: string[] }> {
    const [pref] = await queryRows<{ email: EmailMode }>(
      m,
      `UPDATE notification_preferences SET digest_due_at = NULL WHERE site_id = $1 AND user_id = $2 RETURNING email`,
      [siteId, userId],
    );
    const mode = pref?.email ?? 'off';
    const rows = await queryRows<{ id: string }>(
      m,
      `UPDATE notifications SET email_state = $3 WHERE site_id = $1 AND user_id = $2 AND email_state = 'pending' RETURNING id::text AS id`,
      [siteId, userId, mode === 'off' ? 'none' : 'queued'],
    );
    return { mode, ids: mode === 'off' ? [] : rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b)) };
  }

  async insertEmail(m: EntityManager, e: { siteId: string; userId: string; mode: Exclude<EmailMode, 'off'>; ids: string[] }): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO notification_emails (site_id, user_id, mode, notification_ids) VALUES ($1, $2, $3, $4::bigint[]) RETURNING id::text AS id`,
      [e.siteId, e.userId, e.mode, e.ids],
    );
    return row.id;
  }

  async email(id: string): Promise<EmailRecord | null> {
    const [row] = await queryRows<EmailRecord>(this.ds.manager, `SELECT ${EMAIL} FROM notification_emails WHERE id = $1`, [id]);
    return row ?? null;
  }

  async finishEmail(
    id: string,
    r: { status: 'sent' | 'skipped'; address: string | null; messageId?: string | null; error?: string | null },
    m: EntityManager = this.ds.manager,
  ): Promise<void> {
    await m.query(
      `UPDATE notification_emails SET status = $2, address = coalesce($3, address), message_id = $4, last_error = coalesce($5, last_error),
              attempts = attempts + CASE WHEN $2 = 'sent' THEN 1 ELSE 0 END, finished_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [id, r.status, r.address, r.messageId ?? null, r.error ?? null],
    );
  }

  async noteAddress(id: string, address: string): Promise<void> {
    await this.ds.query(`UPDATE notification_emails SET address = $2 WHERE id = $1`, [id, address]);
  }

  /** One failed attempt; `final` when no retry follows. */
  async emailFailed(m: EntityManager, id: string, address: string | null, error: string, final: boolean): Promise<void> {
    await m.query(
      `UPDATE notification_emails SET attempts = attempts + 1, last_error = $3, address = coalesce($2, address),
              status = CASE WHEN $4 THEN 'failed' ELSE status END, finished_at = CASE WHEN $4 THEN now() END
        WHERE id = $1 AND status = 'pending'`,
      [id, address, error, final],
    );
  }

  /** The receiving server refused the address for good: no retry; its reply is kept. */
  async emailBounced(id: string, reply: string): Promise<void> {
    await this.ds.query(
      `UPDATE notification_emails SET status = 'bounced', attempts = attempts + 1, last_error = $2, finished_at = now() WHERE id = $1 AND status = 'pending'`,
      [id, reply],
    );
  }

  /**
   * Whether an email to this address (whatever its case) bounced for this reader (or staff member) on the site: their later
   * emails to it are skipped. A new address is not; the record goes with the email log (90 days, or the site's retention).
   */
  async addressBounced(siteId: string, userId: string, address: string): Promise<boolean> {
    const rows = await queryRows<{ one: number }>(
      this.ds.manager,
      `SELECT 1 AS one FROM notification_emails WHERE site_id = $1 AND user_id = $2 AND status = 'bounced' AND lower(address) = lower($3) LIMIT 1`,
      [siteId, userId, address],
    );
    return rows.length > 0;
  }

  /**
   * A bounce the mail provider reports after the fact: the site's sent email with this Message-ID and/or to this address (the
   * latest such) becomes `bounced` with the reason, so its address bounces for its reader. Reported again, it keeps its first
   * time and takes the latest reason. Answers the email, or null when none of the site's sent emails matches.
   */
  async reportBounce(siteId: string, match: { messageId: string | null; address: string | null }, reason: string): Promise<EmailRecord | null> {
    const [row] = await queryRows<EmailRecord>(
      this.ds.manager,
      `UPDATE notification_emails SET status = 'bounced', last_error = $4, finished_at = CASE WHEN status = 'bounced' THEN finished_at ELSE now() END
        WHERE id = (SELECT id FROM notification_emails
                     WHERE site_id = $1 AND status IN ('sent', 'bounced') AND address IS NOT NULL
                       AND ($2::text IS NULL OR message_id = $2) AND ($3::text IS NULL OR lower(address) = lower($3))
                     ORDER BY id DESC LIMIT 1)
        RETURNING ${EMAIL}`,
      [siteId, match.messageId, match.address, reason],
    );
    return row ?? null;
  }

  /**
   * A staff queue digest as it ended: sent (kept with its Message-ID so a bounce reported later finds it), bounced, or failed
   * through its retries; the last two are listed for admins beside readers' emails.
   */
  async staffDigestDone(
    m: EntityManager,
    f: {
      siteId: string;
      staffId: string;
      frequency: 'hourly' | 'daily';
      status: 'sent' | 'bounced' | 'failed';
      address: string | null;
      attempts: number;
      error?: string | null;
      messageId?: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO notification_emails (site_id, user_id, kind, mode, notification_ids, status, address, attempts, last_error, message_id, finished_at)
       VALUES ($1, $2, 'staff-digest', $3, '{}', $4, $5, $6, $7, $8, now())`,
      [f.siteId, f.staffId, f.frequency, f.status, f.address, f.attempts, f.error ?? null, f.messageId ?? null],
    );
  }

  /** Failed and bounced emails, newest first. */
  failures(siteId: string, limit: number, beforeId: string | null): Promise<EmailRecord[]> {
    return queryRows<EmailRecord>(
      this.ds.manager,
      `SELECT ${EMAIL} FROM notification_emails WHERE site_id = $1 AND status IN ('failed', 'bounced') AND ($3::bigint IS NULL OR id < $3::bigint)
        ORDER BY notification_emails.id DESC LIMIT $2`,
      [siteId, limit, beforeId],
    );
  }

  /** A key the service keeps for itself: made once (whichever instance is first), the same for all. */
  async serverSecret(name: string): Promise<string> {
    await this.ds.query(`INSERT INTO server_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      name,
      randomBytes(32).toString('base64url'),
    ]);
    const [row] = await queryRows<{ secret: string }>(this.ds.manager, `SELECT secret FROM server_secrets WHERE name = $1`, [name]);
    return row.secret;
  }

  /** Notifications older than `days` days. */
  async prune(days: number): Promise<void> {
    await this.ds.query(`DELETE FROM notifications WHERE created_at < now() - make_interval(days => $1)`, [days]);
    await this.ds.query(`DELETE FROM notification_emails WHERE created_at < now() - make_interval(days => $1)`, [days]);
  }
}
