import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { ArticlesRepository } from '../articles/articles.repository';
import { badRequest } from '../common/api-error';
import { REPORT_REASONS } from '../common/contract';
import { isDomainEventType } from '../common/domain-events';
import { ARTICLE_ID, articleKey, isCommentId } from '../common/ids';
import type { ImportReport } from '../common/import-contract';
import { isHttpUrl, MAX_ENDPOINTS, WEBHOOK_KINDS } from '../common/webhook-contract';
import { TxService } from '../events/tx.service';
import { SettingsService } from '../settings/settings.service';
import { SiteSettingsPatch } from '../settings/site-settings';
import { StaffAuditRepository } from '../staff/staff-audit.repository';
import { roleOn, StaffRepository } from '../staff/staff.repository';
import { ArticleRecord, CommentRecord, LogRecord, NoteRecord, PARLEY_FORMAT, PARLEY_VERSION, StaffRecord, UserRecord, WebhookRecord } from './formats/parley';
import { ImportRepository, PlacedRow } from './import.repository';
import { emptyImportReport, ImportProgress, ImportTally, REPORT_SAMPLE } from './import-report';
import { RestoreRepository, RestoreRow } from './restore.repository';

/** Records written per transaction. */
const BATCH = 1000;
const EVENT_BATCH = 200;

const STATUSES = new Set(['pending', 'approved', 'rejected', 'deleted']);
const ROLES = new Set(['reader', 'moderator', 'admin']);
const STAFF_ROLES = new Set(['moderator', 'admin']);
const WEBHOOK_KIND_SET = new Set<string>(WEBHOOK_KINDS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USER_STATUSES = new Set(['active', 'banned', 'suspended']);
const REASONS = new Set<string>(REPORT_REASONS);

type Users = Omit<UserRecord, 'type'>;
type Articles = Omit<ArticleRecord, 'type'>;
type Log = Omit<LogRecord, 'type'>;
type Staff = Omit<StaffRecord, 'type'>;
type Webhook = Omit<WebhookRecord, 'type'>;
type Note = Omit<NoteRecord, 'type'>;

/** One run's state: the batches being filled, replies waiting for their parent, the report. */
class Restore extends ImportTally {
  users: Users[] = [];
  articles: Articles[] = [];
  comments: CommentRecord[] = [];
  log: Log[] = [];
  webhooks: Webhook[] = [];
  notes: Note[] = [];
  /** `staff:<exported id>` to `staff:<id here>`, for the staff whose id differs here (an account that existed by its address). */
  readonly staffIds = new Map<string, string>();
  readonly waiting = new Map<string, CommentRecord[]>();
  readonly perArticle = new Map<string, number>();
  readonly touched = new Set<string>();
  usersRead = 0;

  constructor(dryRun: boolean) {
    super({
      ...emptyImportReport('parley', dryRun, 'identifier'),
      restored: { settings: false, users: 0, revisions: 0, reactions: 0, reports: 0, log: 0, staff: 0, webhooks: 0, notes: 0 },
    });
  }

  /** An actor or author id as it is here: a staff member's id may differ from the export's. */
  staffId(id: string): string;
  staffId(id: string | null): string | null;
  staffId(id: string | null): string | null {
    return id === null ? null : (this.staffIds.get(id) ?? id);
  }
}

/**
 * `format=parley`: a site restored from Parley's own export (ExportService's NDJSON), complete:
 * settings, staff (roles on the site; an account made here has no password and is set through a
 * reset link), webhook endpoints (disabled, with a new secret to rotate), users (with their
 * standing) and moderators' notes on them, articles, comments with their revisions, reactions and
 * reports, and the moderation log. Streamed line by line, written in transactions of BATCH
 * records. A comment keeps its id unless another comment of the database has it (the same
 * database's other site: the export of a site copied next to it), then it gets a new one of the
 * same time. Idempotent as the other formats: comments by `(site, 'parley', the exported id)`,
 * users and articles by id, reactions and reports by their keys, log entries by time, action,
 * actor, comment and user; what is there already is left as it is. Counters are computed from
 * the rows at the end, and each article told once, `article.updated`.
 */
@Injectable()
export class ParleyImport {
  constructor(
    private readonly repo: RestoreRepository,
    private readonly sources: ImportRepository,
    private readonly articles: ArticlesRepository,
    private readonly txs: TxService,
    private readonly settings: SettingsService,
    private readonly staff: StaffRepository,
    private readonly audit: StaffAuditRepository,
  ) {}

  async import(siteId: string, input: Readable, dryRun: boolean, onProgress: (p: ImportProgress) => void = () => undefined): Promise<ImportReport> {
    const started = Date.now();
    const run = new Restore(dryRun);
    input.on('data', (chunk: Buffer | string) => (run.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length));
    const lines = createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    let manifest = false;
    try {
      for await (const text of lines) {
        n += 1;
        if (!text.trim()) continue;
        let rec: Record<string, unknown>;
        try {
          rec = JSON.parse(text) as Record<string, unknown>;
        } catch {
          if (!manifest) throw new Error('the first line is not JSON');
          run.skip(`line ${n}`, 'not JSON', 1);
          run.report.comments.read += 1;
          continue;
        }
        if (!manifest) {
          if (rec?.type !== 'manifest' || rec.format !== PARLEY_FORMAT) throw new Error('the first line is not a Parley export manifest');
          if (rec.version !== PARLEY_VERSION) throw new Error(`version ${String(rec.version)} of the Parley format is not known here (${PARLEY_VERSION} is)`);
          manifest = true;
          continue;
        }
        await this.take(run, siteId, rec, n, onProgress);
      }
    } catch (err) {
      await this.flushAll(run, siteId).catch(() => undefined);
      const done = dryRun ? '' : `; ${run.report.comments.imported} comments before it were imported (a second run goes on from there)`;
      throw badRequest('IMPORT_UNREADABLE', `The file cannot be read as a Parley export: ${(err as Error).message}${done}`);
    }
    if (!manifest) throw badRequest('NOTHING_TO_IMPORT', 'The file holds no Parley export');
    await this.flushAll(run, siteId);
    // Replies whose parent never came: top-level, their own replies following them in.
    while (run.waiting.size) {
      const waitingIds = new Set([...run.waiting.values()].flat().map((c) => c.id));
      let roots = [...run.waiting.keys()].filter((p) => !waitingIds.has(p));
      if (!roots.length) roots = [...run.waiting.keys()];
      for (const parentId of roots) {
        const orphans = run.waiting.get(parentId)!;
        run.waiting.delete(parentId);
        for (const c of orphans) {
          run.report.comments.reRooted += 1;
          run.comments.push({ ...c, parentId: null, depth: 0 });
        }
      }
      await this.flushComments(run, siteId);
    }
    if (!dryRun) {
      await this.txs.run(async (tx) => {
        await this.sources.lockSite(tx.manager, siteId);
        await this.repo.recount(tx.manager, siteId);
      });
      await this.announce(run, siteId);
    }
    const r = run.report;
    r.bytes = run.bytes;
    r.users = run.usersRead;
    r.articles.count = run.perArticle.size;
    for (const [articleId, comments] of run.perArticle) {
      if (r.articles.sample.length >= REPORT_SAMPLE) break;
      r.articles.sample.push({ articleId, comments });
    }
    r.durationMs = Date.now() - started;
    onProgress(run.progress());
    return r;
  }

  private async take(run: Restore, siteId: string, rec: Record<string, unknown>, n: number, onProgress: (p: ImportProgress) => void): Promise<void> {
    switch (rec.type) {
      case 'settings':
        return this.applySettings(run, siteId, rec.value, n);
      case 'staff': {
        const member = staffOf(rec);
        if (typeof member === 'string') return run.skip(`line ${n} (staff)`, member, 0);
        return this.restoreStaff(run, siteId, member);
      }
      case 'webhook': {
        const w = webhookOf(rec);
        if (typeof w === 'string') return run.skip(`line ${n} (webhook)`, w, 0);
        run.webhooks.push(w);
        if (run.webhooks.length > MAX_ENDPOINTS) await this.flushWebhooks(run, siteId);
        return;
      }
      case 'note': {
        const note = noteOf(rec);
        if (typeof note === 'string') return run.skip(`line ${n} (note)`, note, 0);
        run.notes.push(note);
        if (run.notes.length >= BATCH) await this.flushNotes(run, siteId);
        return;
      }
      case 'user': {
        const u = userOf(rec);
        if (typeof u === 'string') return run.skip(`line ${n} (user)`, u, 0);
        run.usersRead += 1;
        run.users.push(u);
        if (run.users.length >= BATCH) await this.flushUsers(run, siteId);
        return;
      }
      case 'article': {
        const a = articleOf(rec);
        run.report.threads.read += 1;
        if (typeof a === 'string') {
          run.report.threads.skipped += 1;
          return run.skip(`line ${n} (article)`, a, 0);
        }
        run.report.threads.mapped += 1;
        if (run.report.mappings.length < REPORT_SAMPLE)
          run.report.mappings.push({ thread: a.id, identifier: a.id, url: a.url, title: a.title, articleId: a.id });
        run.articles.push(a);
        if (run.articles.length >= BATCH) await this.flushArticles(run, siteId);
        return;
      }
      case 'comment': {
        run.report.comments.read += 1;
        const c = commentOf(rec);
        if (typeof c === 'string') return run.skip(`line ${n} (comment ${typeof rec.id === 'string' ? rec.id.slice(0, 40) : '?'})`, c, 1);
        // Users and articles before the comments that name them.
        await this.flushUsers(run, siteId);
        await this.flushArticles(run, siteId);
        run.comments.push(c);
        if (run.comments.length >= BATCH) {
          await this.flushComments(run, siteId);
          onProgress(run.progress());
        }
        return;
      }
      case 'log': {
        const l = logOf(rec);
        if (typeof l === 'string') return run.skip(`line ${n} (log)`, l, 0);
        run.log.push(l);
        if (run.log.length >= BATCH) {
          await this.flushComments(run, siteId);
          await this.flushLog(run, siteId);
        }
        return;
      }
      default:
        return run.skip(`line ${n}`, `unknown record type ${JSON.stringify(String(rec.type)).slice(0, 40)}`, 0);
    }
  }

  private async applySettings(run: Restore, siteId: string, value: unknown, n: number): Promise<void> {
    const patch = plainToInstance(SiteSettingsPatch, value ?? {});
    const errors = typeof value === 'object' && value !== null ? validateSync(patch, { whitelist: true }) : [{ property: 'value' }];
    if (errors.length) return run.skip(`line ${n} (settings)`, `settings not valid here: ${errors.map((e) => e.property).join(', ')}`, 0);
    const before = JSON.stringify(this.settings.get(siteId));
    if (run.report.dryRun) return void (run.report.restored!.settings = true);
    const after = await this.settings.update(siteId, patch);
    run.report.restored!.settings = JSON.stringify(after) !== before;
  }

  private async flushAll(run: Restore, siteId: string): Promise<void> {
    await this.flushWebhooks(run, siteId);
    await this.flushUsers(run, siteId);
    await this.flushNotes(run, siteId);
    await this.flushArticles(run, siteId);
    await this.flushComments(run, siteId);
    await this.flushLog(run, siteId);
  }

  /**
   * A staff member given their role on the site, in one transaction under the site's role lock: the
   * account with the address, or a new one (the exported id when it is free) without a password,
   * which its holder sets through a reset link (an owner's, the admins' of every site the member
   * works on, or the sign-in page's "forgot password"). A member with a role on the site already,
   * or an owner, is left as they are; each grant goes into the staff audit trail.
   */
  private async restoreStaff(run: Restore, siteId: string, s: Staff): Promise<void> {
    if (run.report.dryRun) return;
    await this.txs.run(async (tx) => {
      const m = tx.manager;
      await this.staff.lockSiteRoles(m, siteId);
      let member = await this.staff.findByEmail(s.email, m, true);
      const created = !member;
      if (!member) {
        const free = !(await this.staff.findById(s.id, m));
        member = await this.staff.insert(m, { id: free ? s.id : undefined, email: s.email, name: s.name, passwordHash: null, disabled: s.disabled });
      }
      if (member.id !== s.id) run.staffIds.set(`staff:${s.id}`, `staff:${member.id}`);
      if (member.owner || roleOn(member, siteId)) return;
      await this.staff.grant(m, siteId, member.id, s.role);
      run.report.restored!.staff += 1;
      await this.audit.record(
        {
          action: 'role_changed',
          email: member.email,
          siteId,
          detail: `${member.id}: none -> ${s.role} (restored from an export${created ? '; a new account without a password' : ''})`,
        },
        m,
      );
    });
  }

  private async flushWebhooks(run: Restore, siteId: string): Promise<void> {
    const endpoints = run.webhooks;
    run.webhooks = [];
    if (!endpoints.length || run.report.dryRun) return;
    await this.txs.run(async (tx) => {
      const { restored, overLimit } = await this.repo.webhooks(tx.manager, siteId, endpoints);
      run.report.restored!.webhooks += restored;
      for (let i = 0; i < overLimit; i++) run.skip('webhook', `the site has ${MAX_ENDPOINTS} webhook endpoints already`, 0);
    });
  }

  /** Notes after the users they are about (a user the file does not have is made bare, as for comments). */
  private async flushNotes(run: Restore, siteId: string): Promise<void> {
    const notes = run.notes;
    run.notes = [];
    if (!notes.length || run.report.dryRun) return;
    await this.flushUsers(run, siteId);
    await this.txs.run(async (tx) => {
      const m = tx.manager;
      await this.sources.lockSite(m, siteId);
      await this.repo.ensureUsers(m, siteId, [...new Set(notes.map((x) => x.userId))]);
      run.report.restored!.notes += await this.repo.notes(
        m,
        siteId,
        notes.map((x) => ({ ...x, authorId: run.staffId(x.authorId) })),
      );
    });
  }

  private async flushUsers(run: Restore, siteId: string): Promise<void> {
    const users = run.users;
    run.users = [];
    if (!users.length || run.report.dryRun) return;
    await this.txs.run(async (tx) => {
      await this.sources.lockSite(tx.manager, siteId);
      run.report.restored!.users += await this.repo.users(
        tx.manager,
        siteId,
        dedupe(users, (u) => u.id),
      );
    });
  }

  private async flushArticles(run: Restore, siteId: string): Promise<void> {
    const articles = run.articles;
    run.articles = [];
    if (!articles.length || run.report.dryRun) return;
    await this.txs.run(async (tx) => {
      await this.sources.lockSite(tx.manager, siteId);
      await this.repo.articles(
        tx.manager,
        siteId,
        dedupe(articles, (a) => a.id),
      );
    });
  }

  /** One transaction: the batch's new comments (with revisions, reactions, reports), and what is new on comments imported before. */
  private async flushComments(run: Restore, siteId: string): Promise<void> {
    const batch = dedupe(run.comments, (c) => c.id);
    run.comments = [];
    if (!batch.length) return;
    if (run.report.dryRun) {
      const known = await this.sources.imported(
        siteId,
        PARLEY_FORMAT,
        batch.map((c) => c.id),
      );
      for (const c of batch) {
        if (known.has(c.id)) run.report.comments.alreadyImported += 1;
        else this.counted(run, c, c.parentId !== null);
      }
      return;
    }
    await this.txs.run(async (tx) => {
      const m = tx.manager;
      await this.sources.lockSite(m, siteId);
      const known = await this.sources.imported(
        siteId,
        PARLEY_FORMAT,
        batch.map((c) => c.id),
        m,
      );
      const fresh: CommentRecord[] = [];
      const reactions: { commentId: string; userId: string; kind: string; createdAt: string }[] = [];
      const reports: { commentId: string; userId: string; reason: string; note: string | null; createdAt: string; resolvedAt: string | null }[] = [];
      const revisions: { commentId: string; body: string; html: string; createdAt: string }[] = [];
      const children = (c: CommentRecord, id: string) => {
        for (const r of c.reactions) reactions.push({ commentId: id, ...r });
        for (const r of c.reports) reports.push({ commentId: id, ...r });
      };
      for (const c of batch) {
        const was = known.get(c.id);
        if (!was) {
          fresh.push(c);
          continue;
        }
        run.report.comments.alreadyImported += 1;
        children(c, was.id); // a newer export's reactions and reports of a comment restored before
        const kids = run.waiting.get(c.id);
        if (kids) {
          run.waiting.delete(c.id);
          fresh.push(...kids);
        }
      }
      const inBatch = new Set(fresh.map((c) => c.id));
      const parentIds = [...new Set(fresh.flatMap((c) => (c.parentId && !inBatch.has(c.parentId) ? [c.parentId] : [])))];
      const placed = new Map<string, PlacedRow>(await this.sources.imported(siteId, PARLEY_FORMAT, parentIds, m));
      const taken = await this.repo.taken(
        m,
        fresh.map((c) => c.id),
      );
      const rows: RestoreRow[] = [];
      const queue = [...fresh];
      for (let i = 0; i < queue.length; i++) {
        const c = queue[i];
        let parent: PlacedRow | undefined;
        if (c.parentId) {
          parent = placed.get(c.parentId);
          if (!parent) {
            const list = run.waiting.get(c.parentId) ?? [];
            list.push(c);
            run.waiting.set(c.parentId, list);
            continue;
          }
        }
        const id = taken.has(c.id) ? uuidv7({ msecs: Date.parse(c.createdAt) }) : c.id;
        const articleId = parent ? parent.articleId : c.articleId;
        const row: RestoreRow = {
          id,
          sourceId: c.id,
          articleId,
          parentId: parent?.id ?? null,
          depth: parent ? parent.depth + 1 : 0,
          authorId: c.authorId,
          body: c.body,
          html: c.html,
          status: c.status,
          reasons: c.reasons,
          featured: c.featured,
          moderated: c.moderated,
          createdAt: c.createdAt,
          editedAt: c.editedAt,
          decidedAt: c.decidedAt,
        };
        rows.push(row);
        placed.set(c.id, { id, depth: row.depth, articleId, parentId: row.parentId });
        for (const v of c.revisions) revisions.push({ commentId: id, ...v });
        children(c, id);
        this.counted(run, c, row.parentId !== null, articleId);
        const kids = run.waiting.get(c.id);
        if (kids) {
          run.waiting.delete(c.id);
          queue.push(...kids);
        }
      }
      const userIds = [...new Set([...rows.map((r) => r.authorId), ...reactions.map((r) => r.userId), ...reports.map((r) => r.userId)])];
      await this.repo.ensureUsers(m, siteId, userIds);
      await this.repo.ensureArticles(m, siteId, [...new Set(rows.map((r) => r.articleId))]);
      await this.repo.comments(
        m,
        siteId,
        rows.sort((a, b) => a.depth - b.depth),
      );
      await this.repo.revisions(m, revisions);
      const r = run.report.restored!;
      r.revisions += revisions.length;
      r.reactions += await this.repo.reactions(
        m,
        siteId,
        dedupe(reactions, (x) => `${x.commentId}\u0000${x.userId}\u0000${x.kind}`),
      );
      r.reports += await this.repo.reports(
        m,
        siteId,
        dedupe(reports, (x) => `${x.commentId}\u0000${x.userId}`),
      );
      run.report.likes.imported = r.reactions;
    });
  }

  private async flushLog(run: Restore, siteId: string): Promise<void> {
    const entries = run.log;
    run.log = [];
    if (!entries.length || run.report.dryRun) return;
    await this.txs.run(async (tx) => {
      const m = tx.manager;
      await this.sources.lockSite(m, siteId);
      // Comments named by their exported id are named by their id here.
      const ids = [...new Set(entries.flatMap((e) => (e.commentId ? [e.commentId] : [])))];
      const here = await this.sources.imported(siteId, PARLEY_FORMAT, ids, m);
      const mapped = entries.map((e) => ({
        ...e,
        commentId: e.commentId && here.has(e.commentId) ? here.get(e.commentId)!.id : e.commentId,
        actorId: run.staffId(e.actorId),
        userId: run.staffId(e.userId),
      }));
      run.report.restored!.log += await this.repo.log(m, siteId, mapped);
    });
  }

  private counted(run: Restore, c: CommentRecord, reply: boolean, articleId = c.articleId): void {
    const r = run.report.comments;
    r.imported += 1;
    r.statuses[c.status] += 1;
    if (reply) r.replies += 1;
    run.perArticle.set(articleId, (run.perArticle.get(articleId) ?? 0) + 1);
    run.touched.add(articleId);
  }

  private async announce(run: Restore, siteId: string): Promise<void> {
    const ids = [...run.touched];
    for (let i = 0; i < ids.length; i += EVENT_BATCH) {
      await this.txs.run(async (tx) => {
        for (const article of await this.articles.findMany(tx.manager, siteId, ids.slice(i, i + EVENT_BATCH))) {
          await tx.record(articleKey(siteId, article.id), 'article.updated', { article });
        }
      });
    }
  }
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  return [...new Map(items.map((x) => [key(x), x])).values()];
}

// ---- record checks: what the database would refuse is skipped with its reason -------------------

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const isTime = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));
const timeOrNull = (v: unknown): v is string | null => v === null || v === undefined || isTime(v);
const str = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;
const strOrNull = (v: unknown, max = 100_000): v is string | null => v === null || v === undefined || str(v, max);
const userId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

function userOf(r: Record<string, unknown>): Users | string {
  if (!userId(r.id)) return 'no valid id';
  if (!str(r.name, 1000)) return 'no valid name';
  if (!strOrNull(r.email, 320)) return 'email is not a string';
  if (!ROLES.has(String(r.role))) return 'unknown role';
  if (!USER_STATUSES.has(String(r.status))) return 'unknown status';
  if (!isTime(r.createdAt) || !timeOrNull(r.suspendedUntil) || !timeOrNull(r.deletedAt) || !timeOrNull(r.emailSeenAt)) return 'a time is not ISO 8601';
  return {
    id: r.id,
    name: r.name,
    email: r.email ?? null,
    role: String(r.role),
    status: String(r.status),
    suspendedUntil: r.suspendedUntil ?? null,
    sanctionReason: strOrNull(r.sanctionReason, 1000) ? (r.sanctionReason ?? null) : null,
    premod: r.premod === true,
    createdAt: r.createdAt,
    deletedAt: r.deletedAt ?? null,
    // An older file without it: the email counts as seen when the account was made.
    emailSeenAt: r.emailSeenAt ?? r.createdAt,
  };
}

function staffOf(r: Record<string, unknown>): Staff | string {
  if (typeof r.id !== 'string' || !UUID.test(r.id)) return 'no valid staff id';
  if (typeof r.email !== 'string' || r.email.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(r.email.trim())) return 'no valid email';
  if (typeof r.name !== 'string' || !r.name.trim() || r.name.length > 100) return 'no valid name';
  if (!STAFF_ROLES.has(String(r.role))) return 'unknown staff role';
  return { id: r.id, email: r.email.trim(), name: r.name.trim(), role: r.role as Staff['role'], disabled: r.disabled === true };
}

function webhookOf(r: Record<string, unknown>): Webhook | string {
  if (!WEBHOOK_KIND_SET.has(String(r.kind))) return 'unknown webhook kind';
  if (typeof r.url !== 'string' || r.url.length > 2000 || !isHttpUrl(r.url)) return 'url is not an http(s) URL';
  if (!Array.isArray(r.events) || !r.events.length || !r.events.every(isDomainEventType)) return 'events are not known event types';
  if (!strOrNull(r.description, 200)) return 'description is not a string';
  if (!isTime(r.createdAt)) return 'createdAt is not ISO 8601';
  return {
    kind: r.kind as Webhook['kind'],
    url: r.url,
    description: r.description ?? '',
    events: [...new Set(r.events as string[])],
    enabled: r.enabled === true,
    createdAt: r.createdAt,
  };
}

function noteOf(r: Record<string, unknown>): Note | string {
  if (!userId(r.userId)) return 'no valid user id';
  if (!str(r.authorId, 300) || !r.authorId || !str(r.authorName, 1000)) return 'no valid author';
  if (!str(r.body, 2000) || !r.body.trim()) return 'body is not a string of at most 2000 characters';
  if (!isTime(r.createdAt)) return 'createdAt is not ISO 8601';
  return { userId: r.userId, authorId: r.authorId, authorName: r.authorName, body: r.body, createdAt: r.createdAt };
}

function articleOf(r: Record<string, unknown>): Articles | string {
  if (typeof r.id !== 'string' || !ARTICLE_ID.test(r.id)) return 'no valid article id';
  if (!strOrNull(r.title, 2000) || !strOrNull(r.url, 4000)) return 'title or url is not a string';
  if (!isTime(r.createdAt) || !timeOrNull(r.reopenedAt)) return 'a time is not ISO 8601';
  return {
    id: r.id,
    title: r.title ?? null,
    url: r.url ?? null,
    closed: r.closed === true,
    premoderation: r.premoderation === true,
    createdAt: r.createdAt,
    reopenedAt: r.reopenedAt ?? null,
  };
}

function commentOf(r: Record<string, unknown>): CommentRecord | string {
  if (typeof r.id !== 'string' || !isCommentId(r.id)) return 'no valid comment id';
  if (typeof r.articleId !== 'string' || !ARTICLE_ID.test(r.articleId)) return 'no valid article id';
  if (r.parentId !== null && r.parentId !== undefined && !(typeof r.parentId === 'string' && isCommentId(r.parentId))) return 'parentId is not a comment id';
  if (!userId(r.authorId)) return 'no valid author id';
  if (!str(r.body) || !str(r.html, 400_000)) return 'body or html is not a string';
  if (!STATUSES.has(String(r.status))) return 'unknown status';
  if (!isTime(r.createdAt) || !timeOrNull(r.editedAt) || !timeOrNull(r.decidedAt)) return 'a time is not ISO 8601';
  const reasons = Array.isArray(r.reasons) ? r.reasons.filter((x): x is string => typeof x === 'string') : [];
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : []);
  const revisions = list(r.revisions).filter((v) => str(v.body) && str(v.html, 400_000) && isTime(v.createdAt));
  const reactions = list(r.reactions).filter((v) => userId(v.userId) && str(v.kind, 50) && v.kind !== '' && isTime(v.createdAt));
  const reports = list(r.reports).filter(
    (v) => userId(v.userId) && REASONS.has(String(v.reason)) && strOrNull(v.note, 2000) && isTime(v.createdAt) && timeOrNull(v.resolvedAt),
  );
  return {
    type: 'comment',
    id: r.id,
    articleId: r.articleId,
    parentId: (r.parentId as string | null) ?? null,
    depth: 0,
    authorId: r.authorId,
    body: r.body,
    html: r.html,
    status: r.status as CommentRecord['status'],
    reasons,
    featured: r.featured === true,
    moderated: r.moderated === true,
    createdAt: r.createdAt,
    editedAt: r.editedAt ?? null,
    decidedAt: r.decidedAt ?? null,
    revisions: revisions.map((v) => ({ body: v.body as string, html: v.html as string, createdAt: v.createdAt as string })),
    reactions: reactions.map((v) => ({ userId: v.userId as string, kind: v.kind as string, createdAt: v.createdAt as string })),
    reports: reports.map((v) => ({
      userId: v.userId as string,
      reason: String(v.reason),
      note: (v.note as string | null) ?? null,
      createdAt: v.createdAt as string,
      resolvedAt: (v.resolvedAt as string | null) ?? null,
    })),
  };
}

function logOf(r: Record<string, unknown>): Log | string {
  if (!str(r.actorId, 300) || !r.actorId || !str(r.action, 100) || !r.action) return 'no actor or action';
  if (!isTime(r.createdAt)) return 'createdAt is not ISO 8601';
  if (r.commentId !== null && r.commentId !== undefined && !(typeof r.commentId === 'string' && isCommentId(r.commentId)))
    return 'commentId is not a comment id';
  const s = (v: unknown) => (strOrNull(v, 10_000) ? (v ?? null) : null);
  return {
    actorId: r.actorId,
    action: r.action,
    commentId: (r.commentId as string | null) ?? null,
    userId: s(r.userId),
    articleId: s(r.articleId),
    fromStatus: s(r.fromStatus),
    toStatus: s(r.toStatus),
    reason: s(r.reason),
    prior: r.prior ?? null,
    createdAt: r.createdAt,
  };
}
