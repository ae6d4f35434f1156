import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { UserWarningView } from '../common/contract';
import type { CommentEventData } from '../common/domain-events';
import { findMentions, type Participant } from '../common/mentions';
import type { NotificationKind } from '../common/notification-contract';
import { EventDispatcher, StoredDomainEvent } from '../jobs/event-dispatcher';
import { JobQueue, NewJob } from '../jobs/job-queue';
import { NotificationsConfig, DIGEST_WINDOW_MS } from './notifications-config';
import { NewNotification, NotificationsRepository, Recipient } from './notifications.repository';

export const LIVE_JOB = 'notification.live';
export const DIGEST_JOB = 'notifications.digest';
export const EMAIL_JOB = 'email.send';

/** The moderation log's action behind each decision a reader is told about. */
const DECISION_ACTIONS = [
  ['approved', 'approve'],
  ['rejected', 'reject'],
  ['featured', 'feature'],
] as const;

/** The longest excerpt a notification keeps of a comment's text. */
const EXCERPT_CHARS = 200;

/** A notification to make, before its reader is checked. */
interface Candidate {
  kind: NotificationKind;
  userId: string;
  event: StoredDomainEvent;
  comment: CommentEventData;
  /** Who caused it: the replier, or the moderator (never told about their own doing). */
  actorId: string | null;
  actorName: string | null;
  reason: string | null;
  dedupeKey: string;
}

/** The start of a comment's text, on one line. */
export function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= EXCERPT_CHARS ? flat : `${chars.slice(0, EXCERPT_CHARS - 1).join('')}…`;
}

/**
 * What the domain events mean to readers, as pure rules (the decisions' actors and reasons are
 * looked up after): a published reply tells the parent's author (whether it was published at once
 * or approved after being held: one notification per reply, ever); a published comment with `@`
 * may mention participants of its article (one notification per comment and reader, ever); an approval after a hold, a
 * rejection after posting, and featuring tell the comment's author. Nothing for held replies, for
 * rejected ones, or for a comment the pipeline refused while its author waited for the answer.
 */
export function candidates(events: StoredDomainEvent[]): { replies: Candidate[]; decisions: Candidate[]; mentions: Candidate[] } {
  const replies: Candidate[] = [];
  const decisions: Candidate[] = [];
  /** Published comments that may mention someone (who, is known once the article's participants are). */
  const mentions: Candidate[] = [];
  for (const event of events) {
    const p = event.payload as { comment?: CommentEventData; previousStatus?: string | null };
    const c = p.comment;
    if (!c?.id || !c.author?.id) continue;
    const base = { event, comment: c, actorId: null, actorName: null, reason: null };
    if (event.type === 'comment.published') {
      if (c.parentId) replies.push({ ...base, kind: 'reply', userId: '', actorId: c.author.id, actorName: c.author.name, dedupeKey: `reply:${c.id}` });
      if (c.body.includes('@'))
        mentions.push({ ...base, kind: 'mention', userId: '', actorId: c.author.id, actorName: c.author.name, dedupeKey: `mention:${c.id}` });
      if (p.previousStatus === 'pending' || p.previousStatus === 'rejected')
        decisions.push({ ...base, kind: 'approved', userId: c.author.id, dedupeKey: `approved:${c.id}:${event.id}` });
    } else if (event.type === 'comment.rejected' && p.previousStatus) {
      decisions.push({ ...base, kind: 'rejected', userId: c.author.id, dedupeKey: `rejected:${c.id}:${event.id}` });
    } else if (event.type === 'comment.featured') {
      decisions.push({ ...base, kind: 'featured', userId: c.author.id, dedupeKey: `featured:${c.id}:${event.id}` });
    }
  }
  return { replies, decisions, mentions };
}

/**
 * Turns domain events into stored notifications, inside the dispatcher's transaction (so each
 * event is considered once, whichever instance dispatches it), and enqueues what follows them:
 * the live push to the reader's sockets, an immediate email, or the opening of the reader's digest.
 * Never a reader told about their own doing, never a banned one, never twice for one key; a suspended
 * reader's notifications are kept for the bell, but no email goes to them.
 */
@Injectable()
export class Notifier implements OnModuleInit {
  constructor(
    private readonly dispatcher: EventDispatcher,
    private readonly jobs: JobQueue,
    private readonly repo: NotificationsRepository,
    private readonly config: NotificationsConfig,
  ) {}

  onModuleInit(): void {
    this.dispatcher.subscribe('notifications', (m, events) => this.handle(m, events));
  }

  async handle(m: EntityManager, events: StoredDomainEvent[]): Promise<void> {
    const bySite = new Map<string, StoredDomainEvent[]>();
    const warned = new Map<string, StoredDomainEvent[]>();
    for (const e of events) {
      const into = e.type.startsWith('comment.') ? bySite : e.type === 'user.warned' ? warned : null;
      into?.set(e.siteId, [...(into.get(e.siteId) ?? []), e]);
    }
    for (const [siteId, list] of bySite) await this.handleSite(m, siteId, list);
    for (const [siteId, list] of warned) await this.handleWarnings(m, siteId, list);
  }

  /** A moderator's warning tells the warned reader (once per warning), with the start of its message; the moderator's name is its actor. */
  private async handleWarnings(m: EntityManager, siteId: string, events: StoredDomainEvent[]): Promise<void> {
    const warned = events.map((event) => ({ event, p: event.payload as { user: { id: string }; warning: UserWarningView } }));
    const readers = new Map((await this.repo.recipients(m, siteId, [...new Set(warned.map((w) => w.p.user.id))])).map((r) => [r.userId, r]));
    const rows: NewNotification[] = [];
    for (const { event, p } of warned) {
      const reader = readers.get(p.user.id);
      if (!reader || reader.banned) continue;
      rows.push({
        siteId,
        userId: reader.userId,
        kind: 'warning',
        dedupeKey: `warning:${p.warning.id}`,
        eventId: event.id,
        commentId: null,
        articleId: null,
        actorName: p.warning.from,
        reason: null,
        excerpt: excerptOf(p.warning.message),
        emailState: this.emailStateFor(reader),
      });
    }
    await this.deliver(m, siteId, rows, readers);
  }

  private async handleSite(m: EntityManager, siteId: string, events: StoredDomainEvent[]): Promise<void> {
    const { replies, decisions, mentions } = candidates(events);
    if (!replies.length && !decisions.length && !mentions.length) return;
    const wanted: Candidate[] = [];

    if (replies.length) {
      const parents = new Map((await this.repo.authorsOf(m, siteId, [...new Set(replies.map((r) => r.comment.parentId!))])).map((p) => [p.id, p]));
      for (const r of replies) {
        const parent = parents.get(r.comment.parentId!);
        if (!parent || parent.status === 'deleted') continue;
        wanted.push({ ...r, userId: parent.authorId });
      }
    }
    // `@Name` of someone in the article's conversation, once per comment; not the parent's author, whom the reply tells already.
    const told = new Set(wanted.map((w) => `${w.comment.id}:${w.userId}`));
    const participants = new Map<string, Participant[]>();
    for (const c of mentions) {
      const list = participants.get(c.comment.articleId) ?? (await this.repo.participants(m, siteId, c.comment.articleId));
      participants.set(c.comment.articleId, list);
      for (const p of findMentions(c.comment.body, list)) if (!told.has(`${c.comment.id}:${p.id}`)) wanted.push({ ...c, userId: p.id });
    }
    for (const [kind, action] of DECISION_ACTIONS) {
      const list = decisions.filter((d) => d.kind === kind);
      if (!list.length) continue;
      const logged = new Map((await this.repo.decisions(m, siteId, [...new Set(list.map((d) => d.comment.id))], action)).map((d) => [d.commentId, d]));
      for (const d of list) {
        const entry = logged.get(d.comment.id);
        wanted.push({ ...d, actorId: entry?.actorId ?? null, reason: kind === 'rejected' ? entry?.reason || null : null });
      }
    }

    const own = wanted.filter((w) => w.userId && w.userId !== w.actorId);
    // A reader who muted someone hears nothing of their replies and mentions.
    const social = own.filter((w) => (w.kind === 'reply' || w.kind === 'mention') && w.actorId);
    const muted = social.length
      ? await this.repo.mutedPairs(
          m,
          siteId,
          social.map((w) => [w.userId, w.actorId!]),
        )
      : new Set<string>();
    const mine = own.filter((w) => !((w.kind === 'reply' || w.kind === 'mention') && muted.has(`${w.userId}\n${w.actorId}`)));
    if (!mine.length) return;
    const readers = new Map((await this.repo.recipients(m, siteId, [...new Set(mine.map((w) => w.userId))])).map((r) => [r.userId, r]));
    const rows: NewNotification[] = [];
    for (const w of mine) {
      const reader = readers.get(w.userId);
      if (!reader || reader.banned) continue;
      rows.push({
        siteId,
        userId: w.userId,
        kind: w.kind,
        dedupeKey: w.dedupeKey,
        eventId: w.event.id,
        commentId: w.comment.id,
        articleId: w.comment.articleId,
        actorName: w.kind === 'reply' || w.kind === 'mention' ? w.actorName : null,
        reason: w.reason,
        excerpt: excerptOf(w.comment.body),
        emailState: this.emailStateFor(reader),
      });
    }
    await this.deliver(m, siteId, rows, readers);
  }

  /** Stores the notifications and enqueues what follows them: the live push, an immediate email, or the opening of the reader's digest. */
  private async deliver(m: EntityManager, siteId: string, rows: NewNotification[], readers: Map<string, Recipient>): Promise<void> {
    const made = await this.repo.insert(m, rows);
    if (!made.length) return;

    const jobs: NewJob[] = made.map((n) => ({ kind: LIVE_JOB, siteId, payload: { id: n.id, userId: n.userId }, dedupeKey: `${LIVE_JOB}:${n.id}` }));
    const byUser = new Map<string, string[]>();
    for (const n of made) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n.id]);
    for (const [userId, ids] of byUser) {
      const reader = readers.get(userId)!;
      const state = this.emailStateFor(reader);
      if (state === 'queued') {
        for (const id of ids) {
          const emailId = await this.repo.insertEmail(m, { siteId, userId, mode: 'immediate', ids: [id] });
          jobs.push({ kind: EMAIL_JOB, siteId, payload: { emailId }, dedupeKey: `${EMAIL_JOB}:${emailId}` });
        }
      } else if (state === 'pending' && (reader.mode === 'hourly' || reader.mode === 'daily')) {
        const due = await this.repo.openDigest(m, siteId, userId, new Date(Date.now() + DIGEST_WINDOW_MS[reader.mode]));
        if (due) jobs.push({ kind: DIGEST_JOB, siteId, payload: { userId }, runAt: due, dedupeKey: `${DIGEST_JOB}:${siteId}:${userId}:${due.getTime()}` });
      }
    }
    await this.jobs.enqueueMany(m, jobs);
  }

  /** How a new notification of this reader reaches their inbox: at once, in their digest, or not at all. */
  private emailStateFor(r: Recipient): 'none' | 'pending' | 'queued' {
    if (!this.config.emailEnabled || !r.email || r.mode === 'off' || r.suspended) return 'none';
    return r.mode === 'immediate' ? 'queued' : 'pending';
  }
}
