import { Injectable } from '@nestjs/common';
import { Readable, Transform } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { ArticlesRepository } from '../articles/articles.repository';
import { badRequest } from '../common/api-error';
import { articleKey } from '../common/ids';
import { TxService } from '../events/tx.service';
import { SettingsService } from '../settings/settings.service';
import { SitesService } from '../sites/sites.service';
import { readCommento } from './formats/commento';
import { readDisqus } from './formats/disqus';
import { readRemark42 } from './formats/remark42';
import type { ImportReport } from '../common/import-contract';
import { FormatReader, ImportFormat, SourceComment, SourceItem, SourceUser } from './formats/types';
import { readWordPress } from './formats/wordpress';
import { ArticleDelta, ArticleFields, ImportRepository, ImportRow, PlacedRow, Tally, UserRow } from './import.repository';
import { emptyImportReport, ImportProgress, ImportTally, REPORT_SAMPLE } from './import-report';
import { mapThread, Mapping } from './mapping';
import { ParleyImport } from './parley-import';
import { TextPool } from './text-pool';

const READERS: Record<Exclude<ImportFormat, 'parley'>, FormatReader> = {
  disqus: readDisqus,
  wordpress: readWordPress,
  commento: readCommento,
  remark42: readRemark42,
};

/** Comments written per transaction. */
export const IMPORT_BATCH = 1000;
/** Comments of this run remembered for their replies (about 15 MB). */
const RECENT = 100_000;
/** Articles told `article.updated` per transaction at the end. */
const EVENT_BATCH = 200;

export type { ImportProgress, ImportReport };

export interface ImportOptions {
  mapping: Mapping;
  /** Read and map everything, write nothing: the report says what a real run would do. */
  dryRun: boolean;
}

interface Pending {
  comment: SourceComment;
  articleId: string;
  /** Its body and HTML, rendered on the text pool's workers before its batch is written (a dry run renders nothing). */
  body: string;
  html: string;
  rendered: boolean;
}

/** A comment as placed by this import or found from an earlier one: where its replies go. */
interface Placed extends PlacedRow {
  /** Where a reply to it attaches: itself, or (at the site's maxDepth) its parent. */
  target: { id: string; depth: number } | null;
}

/**
 * One run: the file's threads, the replies waiting for their parent, the report so far. What it
 * keeps per thread for the whole run is small: its article id (shared with the report's counts),
 * the article's fields only until the thread's first comments are written, a reason only for a
 * thread left out.
 */
class Run extends ImportTally {
  /** Source thread id to article id, or null for a thread left out (its reason in `threadSkips`). */
  readonly threads = new Map<string, string | null>();
  readonly threadSkips = new Map<string, string>();
  readonly articleFields = new Map<string, ArticleFields>();
  readonly waitingForThread = new Map<string, SourceComment[]>();
  readonly waitingForParent = new Map<string, Pending[]>();
  /** Comments per article written (or, dry run, to be written); its keys are the articles told `article.updated` at the end. */
  readonly perArticle = new Map<string, number>();
  /** Other articles to tell: those of comments imported before that got new likes. */
  readonly touched = new Set<string>();
  readonly users = new Set<string>();
  /** The comments this run wrote last, by source id: most replies find their parent here, not in the database (oldest out first). */
  readonly recent = new Map<string, PlacedRow>();
  batch: Pending[] = [];
  profiles: SourceUser[] = [];
  /** The batch the database is writing while the next one is read: one at a time. */
  inflight: Promise<void> | null = null;
  constructor(
    readonly siteId: string,
    readonly format: ImportFormat,
    readonly options: ImportOptions,
    readonly maxDepth: number,
  ) {
    super(emptyImportReport(format, options.dryRun, options.mapping.kind === 'pattern' ? `pattern ${String(options.mapping.pattern)}` : options.mapping.kind));
  }
}

/**
 * Imports another system's export into a site: streamed (one record in memory at a time), written
 * in batches of IMPORT_BATCH comments, one transaction each, counters moved by each batch's
 * deltas, idempotent through `import_sources`. Nothing imported is sent live or notified: at the
 * end each article that got comments is told once, `article.updated`.
 *
 * The entry point for the HTTP route and the command line alike: `import(siteId, format, stream,
 * options, onProgress)`.
 */
@Injectable()
export class TransferService {
  constructor(
    private readonly repo: ImportRepository,
    private readonly articles: ArticlesRepository,
    private readonly txs: TxService,
    private readonly settings: SettingsService,
    private readonly sites: SitesService,
    private readonly parley: ParleyImport,
    private readonly texts: TextPool,
  ) {}

  async import(
    siteId: string,
    format: ImportFormat,
    input: Readable,
    options: ImportOptions,
    onProgress: (p: ImportProgress) => void = () => undefined,
  ): Promise<ImportReport> {
    const started = Date.now();
    this.sites.require(siteId);
    // Parley's own export carries ids, settings and everything around comments: a restore, not a mapping.
    if (format === 'parley') return this.parley.import(siteId, input, options.dryRun, onProgress);
    const run = new Run(siteId, format, options, this.settings.get(siteId).maxDepth);
    const counted = input.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          run.bytes += chunk.length;
          done(null, chunk);
        },
      }),
    );
    input.once('error', (err) => counted.destroy(err));
    const items = READERS[format](counted)[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<SourceItem>;
      try {
        next = await items.next();
      } catch (err) {
        await this.settle(run).catch(() => undefined);
        const done = run.options.dryRun ? '' : `; ${run.report.comments.imported} comments before it were imported (a second run goes on from there)`;
        throw badRequest('IMPORT_UNREADABLE', `The file cannot be read as ${format}: ${(err as Error).message}${done}`);
      }
      if (next.done) break;
      const item = next.value;
      await this.take(run, item);
      if (run.batch.length >= IMPORT_BATCH) {
        await this.flush(run);
        onProgress(run.progress());
      }
    }
    // Comments whose thread never came: skipped. Replies whose parent never came: top-level.
    for (const [threadId, comments] of run.waitingForThread) {
      for (const c of comments) run.skip(`comment ${c.sourceId} (thread ${threadId})`, 'its thread is not in the export');
    }
    run.waitingForThread.clear();
    await this.flush(run);
    await this.settle(run);
    while (run.waitingForParent.size) {
      // The roots of what still waits (their parent is not waiting itself) go top-level, and
      // their replies follow them in; a cycle of parents has no root: all of it goes top-level.
      const waiting = new Set([...run.waitingForParent.values()].flat().map((p) => p.comment.sourceId));
      let roots = [...run.waitingForParent.keys()].filter((parentId) => !waiting.has(parentId));
      if (!roots.length) roots = [...run.waitingForParent.keys()];
      for (const parentId of roots) {
        const orphans = run.waitingForParent.get(parentId)!;
        run.waitingForParent.delete(parentId);
        for (const p of orphans) {
          run.report.comments.reRooted += 1;
          run.batch.push({ ...p, comment: { ...p.comment, parentId: null } });
          if (run.batch.length >= IMPORT_BATCH) await this.flush(run);
        }
      }
      await this.flush(run);
      await this.settle(run);
    }
    if (!run.report.threads.read && !run.report.comments.read) throw badRequest('NOTHING_TO_IMPORT', `The file holds no ${format} threads or comments`);
    if (!options.dryRun) await this.announce(run);
    const r = run.report;
    r.bytes = run.bytes;
    r.users = run.users.size;
    r.articles.count = run.perArticle.size;
    for (const [articleId, comments] of run.perArticle) {
      if (r.articles.sample.length >= REPORT_SAMPLE) break;
      r.articles.sample.push({ articleId, comments });
    }
    r.durationMs = Date.now() - started;
    onProgress(run.progress());
    return r;
  }

  /** One item of the file: threads are mapped, comments join the batch once their thread is known. */
  private async take(run: Run, item: SourceItem): Promise<void> {
    if (item.kind === 'skip') {
      run.report.comments.read += item.comments ?? 1;
      return run.skip(item.item, item.reason, item.comments ?? 1);
    }
    if (item.kind === 'user') {
      run.profiles.push(item.user);
      if (run.profiles.length >= IMPORT_BATCH) await this.flush(run);
      return;
    }
    if (item.kind === 'thread') {
      const t = item.thread;
      if (run.threads.has(t.sourceId)) return;
      run.report.threads.read += 1;
      const mapped = t.skipReason ? { skip: t.skipReason } : mapThread(t, run.options.mapping);
      const entry = 'articleId' in mapped ? { articleId: mapped.articleId } : { articleId: null, skip: mapped.skip };
      run.threads.set(t.sourceId, entry.articleId);
      if (entry.skip === undefined) {
        run.report.threads.mapped += 1;
        run.articleFields.set(t.sourceId, { title: t.title, url: t.url, closed: t.closed });
      } else {
        run.report.threads.skipped += 1;
        run.threadSkips.set(t.sourceId, entry.skip);
      }
      if (run.report.mappings.length < REPORT_SAMPLE) {
        run.report.mappings.push({
          thread: t.sourceId,
          identifier: t.identifier,
          url: t.url,
          title: t.title,
          articleId: entry.articleId,
          ...(entry.skip ? { skipped: entry.skip } : {}),
        });
      }
      const waiting = run.waitingForThread.get(t.sourceId);
      run.waitingForThread.delete(t.sourceId);
      for (const c of waiting ?? []) this.join(run, c);
      return;
    }
    run.report.comments.read += 1;
    if (!run.threads.has(item.comment.threadId)) {
      const list = run.waitingForThread.get(item.comment.threadId) ?? [];
      list.push(item.comment);
      run.waitingForThread.set(item.comment.threadId, list);
      return;
    }
    this.join(run, item.comment);
  }

  private join(run: Run, c: SourceComment): void {
    const articleId = run.threads.get(c.threadId);
    if (!articleId) return run.skip(`comment ${c.sourceId}`, run.threadSkips.get(c.threadId) ?? 'its thread maps to no article');
    if (c.anonymousScore && c.anonymousScore > 0) run.report.likes.notImported += c.anonymousScore;
    run.batch.push({ comment: c, articleId, body: '', html: '', rendered: false });
  }

  /**
   * Hands the batch to the database and returns: the file goes on being read and rendered while
   * the batch is written, one batch in flight at most (the next flush waits for it first).
   */
  private async flush(run: Run): Promise<void> {
    const batch = run.batch;
    const profiles = run.profiles;
    run.batch = [];
    run.profiles = [];
    // Rendered on the workers while the batch before is still being written.
    const rendered = this.render(run, batch);
    rendered.catch(() => undefined); // awaited below
    await this.settle(run);
    if (!batch.length && !profiles.length) return;
    const writing = rendered.then(() => this.write(run, batch, profiles));
    writing.catch(() => undefined); // settle() awaits it and throws its error
    run.inflight = writing;
  }

  /** Waits for the batch in flight, if any (its failure fails the import). */
  private async settle(run: Run): Promise<void> {
    const writing = run.inflight;
    run.inflight = null;
    if (writing) await writing;
  }

  /** Writes (or, in a dry run, counts) one batch in one transaction. */
  private async write(run: Run, batch: Pending[], profiles: SourceUser[]): Promise<void> {
    const format = run.format;
    if (run.options.dryRun) {
      const known = await this.repo.imported(
        run.siteId,
        format,
        batch.map((p) => p.comment.sourceId),
      );
      for (const p of batch) {
        if (known.has(p.comment.sourceId)) run.report.comments.alreadyImported += 1;
        else this.counted(run, p, p.comment.parentId !== null);
      }
      return;
    }
    await this.txs.run(async (tx) => {
      const m = tx.manager;
      await this.repo.lockSite(m, run.siteId);
      const userId = (u: SourceUser) => `import:${format}:${u.key}`;
      if (profiles.length) await this.repo.upsertUsers(m, run.siteId, dedupe(profiles.map((u) => ({ id: userId(u), name: u.name, email: u.email }))));

      const known = await this.repo.imported(
        run.siteId,
        format,
        batch.map((p) => p.comment.sourceId),
        m,
      );
      const fresh: Pending[] = [];
      const likes: { commentId: string; userId: string }[] = [];
      const likers: UserRow[] = [];
      for (const p of batch) {
        const existing = known.get(p.comment.sourceId);
        if (!existing) {
          fresh.push(p);
          continue;
        }
        run.report.comments.alreadyImported += 1;
        // A newer export's new likes of a comment imported before.
        for (const u of p.comment.likers) {
          likes.push({ commentId: existing.id, userId: userId(u) });
          likers.push({ id: userId(u), name: u.name, email: u.email });
        }
        // Replies that waited for it can now be placed.
        const kids = run.waitingForParent.get(p.comment.sourceId);
        if (kids) {
          run.waitingForParent.delete(p.comment.sourceId);
          fresh.push(...kids);
        }
      }

      // Parents imported before (this run's earlier batches or an earlier run).
      const inBatch = new Set(fresh.map((p) => p.comment.sourceId));
      const placed = new Map<string, Placed>();
      const parentIds: string[] = [];
      for (const id of new Set(fresh.flatMap((p) => (p.comment.parentId && !inBatch.has(p.comment.parentId) ? [p.comment.parentId] : [])))) {
        const row = run.recent.get(id);
        if (row) placed.set(id, { ...row, target: this.targetOf(run, row) });
        else parentIds.push(id);
      }
      for (const [sourceId, row] of await this.repo.imported(run.siteId, format, parentIds, m))
        placed.set(sourceId, { ...row, target: this.targetOf(run, row) });

      const rows: ImportRow[] = [];
      const local = new Map<string, ImportRow>();
      const authors = new Map<string, UserRow>();
      const articles = new Map<string, ArticleFields>();
      const queue = [...fresh];
      for (let i = 0; i < queue.length; i++) {
        const p = queue[i];
        const c = p.comment;
        let target: { id: string; depth: number } | null = null;
        if (c.parentId) {
          const parent = placed.get(c.parentId);
          if (!parent) {
            const list = run.waitingForParent.get(c.parentId) ?? [];
            list.push(p);
            run.waitingForParent.set(c.parentId, list);
            continue;
          }
          if (parent.articleId !== p.articleId) run.report.comments.reRooted += 1;
          else {
            target = parent.target;
            if (target?.id !== parent.id) run.report.comments.flattened += 1;
          }
        }
        const row: ImportRow = {
          id: uuidv7({ msecs: c.createdAt.getTime() }),
          articleId: p.articleId,
          parentId: target?.id ?? null,
          depth: target ? target.depth + 1 : 0,
          authorId: userId(c.author),
          body: p.body,
          html: p.html,
          status: c.status,
          moderated: c.status !== 'pending',
          reasons: `imported:${format}`,
          replyCount: 0,
          createdAt: c.createdAt,
          sourceId: c.sourceId,
        };
        rows.push(row);
        local.set(row.id, row);
        const here: PlacedRow = { id: row.id, depth: row.depth, articleId: row.articleId, parentId: row.parentId };
        placed.set(c.sourceId, { ...here, target: this.targetOf(run, here) });
        run.recent.set(c.sourceId, here);
        if (run.recent.size > RECENT) run.recent.delete(run.recent.keys().next().value!);
        this.counted(run, p, row.parentId !== null);
        run.users.add(row.authorId);
        if (!authors.has(row.authorId)) authors.set(row.authorId, { id: row.authorId, name: c.author.name, email: c.author.email });
        // The article as the thread of its first comment here says; once written, the thread's fields are not needed again.
        const fields = run.articleFields.get(c.threadId);
        if (fields) {
          if (!articles.has(p.articleId)) articles.set(p.articleId, fields);
          run.articleFields.delete(c.threadId);
        }
        for (const u of c.likers) {
          likes.push({ commentId: row.id, userId: userId(u) });
          likers.push({ id: userId(u), name: u.name, email: u.email });
        }
        const kids = run.waitingForParent.get(c.sourceId);
        if (kids) {
          run.waitingForParent.delete(c.sourceId);
          queue.push(...kids);
        }
      }

      // Visible replies, deepest first: within the batch they are counted into the new rows;
      // a parent from before the batch is bumped, as the ledger would.
      const external = new Map<string, number>();
      for (const row of [...rows].sort((a, b) => b.depth - a.depth)) {
        const visible = row.status === 'approved' || ((row.status === 'deleted' || row.status === 'rejected') && row.replyCount > 0);
        if (!visible || !row.parentId) continue;
        const parent = local.get(row.parentId);
        if (parent) parent.replyCount += 1;
        else external.set(row.parentId, (external.get(row.parentId) ?? 0) + 1);
      }

      // Counters move by the batch: authors' tallies and articles' counts, written with the rows
      // they belong to (users, then articles: the order a live post takes its locks in).
      const perArticle = new Map<string, ArticleDelta>();
      const perUser = new Map<string, Tally>();
      let pending = 0;
      for (const r of rows) {
        const a = perArticle.get(r.articleId) ?? { id: r.articleId, approved: 0, pending: 0, fields: articles.get(r.articleId) ?? null };
        const u = perUser.get(r.authorId) ?? { approved: 0, rejected: 0 };
        a.approved += Number(r.status === 'approved');
        a.pending += Number(r.status === 'pending');
        u.approved += Number(r.status === 'approved');
        u.rejected += Number(r.status === 'rejected');
        pending += Number(r.status === 'pending');
        perArticle.set(r.articleId, a);
        perUser.set(r.authorId, u);
      }
      await this.repo.ensureUsers(
        m,
        run.siteId,
        dedupe([...authors.values(), ...likers]).map((u) => ({ ...u, ...(perUser.get(u.id) ?? { approved: 0, rejected: 0 }) })),
      );
      await this.repo.ensureArticles(m, run.siteId, [...perArticle.values()]);
      // Parents first: the batch in depth order.
      await this.repo.insertComments(
        m,
        run.siteId,
        format,
        [...rows].sort((a, b) => a.depth - b.depth),
      );
      const liked = await this.repo.addLikes(m, run.siteId, dedupeLikes(likes));
      run.report.likes.imported += liked.added;
      for (const u of likers) run.users.add(u.id);

      await this.repo.bumpReplies(m, external);
      if (liked.commentIds.length) {
        // Articles whose comments got likes are told too.
        for (const a of await this.repo.articlesOf(m, liked.commentIds)) run.touched.add(a);
      }
      // Written by the transaction's closing statement: the site's counters are everyone's hot spot.
      if (pending) tx.addQueueCounts(run.siteId, { pending, reported: 0, unmoderated: 0 });
    });
  }

  private counted(run: Run, p: Pending, reply: boolean): void {
    const c = run.report.comments;
    c.imported += 1;
    c.statuses[p.comment.status] += 1;
    if (reply) c.replies += 1;
    run.perArticle.set(p.articleId, (run.perArticle.get(p.articleId) ?? 0) + 1);
    if (run.options.dryRun) run.users.add(`import:${run.format}:${p.comment.author.key}`);
  }

  /** A reply to `row` attaches to it, or at the site's maxDepth to its parent (one level up). */
  private targetOf(run: Run, row: PlacedRow): { id: string; depth: number } | null {
    if (row.depth < run.maxDepth) return { id: row.id, depth: row.depth };
    return row.parentId ? { id: row.parentId, depth: row.depth - 1 } : null;
  }

  /** The batch's bodies as Parley stores them (light markdown) and their HTML, rendered as any comment's is, on the text pool. */
  private async render(run: Run, batch: Pending[]): Promise<void> {
    if (run.options.dryRun) return;
    const todo = batch.filter((p) => !p.rendered);
    if (!todo.length) return;
    const out = await this.texts.convert(todo.map((p) => p.comment.text));
    todo.forEach((p, i) => Object.assign(p, out[i], { rendered: true }));
  }

  /** One `article.updated` per article that got comments or likes, a few hundred articles per transaction. */
  private async announce(run: Run): Promise<void> {
    const ids = [...new Set([...run.perArticle.keys(), ...run.touched])];
    for (let i = 0; i < ids.length; i += EVENT_BATCH) {
      await this.txs.run(async (tx) => {
        for (const article of await this.articles.findMany(tx.manager, run.siteId, ids.slice(i, i + EVENT_BATCH))) {
          await tx.record(articleKey(run.siteId, article.id), 'article.updated', { article });
        }
      });
    }
  }
}

function dedupe(users: UserRow[]): UserRow[] {
  return [...new Map(users.map((u) => [u.id, u])).values()];
}

function dedupeLikes(likes: { commentId: string; userId: string }[]): { commentId: string; userId: string }[] {
  return [...new Map(likes.map((l) => [`${l.commentId}\u0000${l.userId}`, l])).values()];
}
