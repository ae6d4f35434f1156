import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SettingsService } from '../settings/settings.service';
import { SitesService } from '../sites/sites.service';
import { ExportRepository } from './export.repository';
import { ArticleRecord, CommentRecord, ManifestRecord, PARLEY_FORMAT, PARLEY_VERSION } from './formats/parley';

export const EXPORT_FORMATS = ['ndjson', 'disqus'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows read per query: memory holds one page (and the output stream's buffer), never the site. */
const PAGE = 500;

/** Where an export stands, for a progress line: after each page of comments. */
export interface ExportProgress {
  comments: number;
  total: number;
}

/**
 * A site's export as a stream, read page by page from one snapshot as the consumer pulls
 * (`Readable.from` over a generator: a slow reader slows the reads, nothing piles up):
 * - `ndjson`: Parley's own format (formats/parley.ts), complete and re-importable with
 *   `format=parley`;
 * - `disqus`: Disqus's XML, threads then posts, which the Disqus importer here and elsewhere reads.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly repo: ExportRepository,
    private readonly sites: SitesService,
    private readonly settings: SettingsService,
  ) {}

  /** The site must exist (checked before the stream starts, so a refusal is an answer, not a broken stream). */
  stream(siteId: string, format: ExportFormat, onProgress: (p: ExportProgress) => void = () => undefined): Readable {
    this.sites.require(siteId);
    const lines = format === 'ndjson' ? this.ndjson(siteId, onProgress) : this.disqus(siteId, onProgress);
    return Readable.from(batched(lines), { objectMode: false });
  }

  private async *ndjson(siteId: string, onProgress: (p: ExportProgress) => void): AsyncGenerator<string> {
    const qr = await this.repo.snapshot();
    try {
      const m = qr.manager;
      const counts = await this.repo.counts(m, siteId);
      const site = this.sites.require(siteId);
      const manifest: ManifestRecord = {
        type: 'manifest',
        format: PARLEY_FORMAT,
        version: PARLEY_VERSION,
        site: { id: site.id, name: site.name },
        exportedAt: new Date().toISOString(),
        counts,
      };
      yield line(manifest);
      yield line({ type: 'settings', value: { ...this.settings.get(siteId) } });
      for (const s of await this.repo.staff(m, siteId)) yield line(s);
      for (const w of await this.repo.webhooks(m, siteId)) yield line(w);
      yield* this.pages(
        (after) => this.repo.users(m, siteId, after, PAGE),
        (u) => u.id,
        line,
      );
      yield* this.pages(
        (after) => this.repo.notes(m, siteId, after, PAGE),
        (n) => n.key,
        ({ key: _key, ...note }) => line(note),
      );
      yield* this.pages(
        (after) => this.repo.articles(m, siteId, after, PAGE),
        (a) => a.id,
        line,
      );
      let done = 0;
      yield* this.pages(
        (after) => this.repo.comments(m, siteId, after, PAGE),
        (c) => c.id,
        line,
        (n) => onProgress({ comments: (done += n), total: counts.comments }),
      );
      yield* this.pages(
        (after) => this.repo.log(m, siteId, after, PAGE),
        (l) => l.key,
        ({ key: _key, ...entry }) => line(entry),
      );
    } finally {
      await qr.query('ROLLBACK').catch(() => undefined);
      await qr.release();
    }
  }

  private async *disqus(siteId: string, onProgress: (p: ExportProgress) => void): AsyncGenerator<string> {
    const qr = await this.repo.snapshot();
    try {
      const m = qr.manager;
      const counts = await this.repo.counts(m, siteId);
      const names = new Map<string, { name: string; email: string | null }>();
      yield '<?xml version="1.0" encoding="utf-8"?>\n';
      yield '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n';
      yield '  xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/internals.xsd">\n';
      yield* this.pages(
        (after) => this.repo.articles(m, siteId, after, PAGE),
        (a) => a.id,
        (a) => thread(siteId, a),
      );
      let done = 0;
      yield* this.pages(
        async (after) => {
          const page = await this.repo.comments(m, siteId, after, PAGE);
          // Authors by page: a page names at most PAGE of them, so memory stays a page's worth.
          names.clear();
          const ids = [...new Set(page.map((c) => c.authorId))];
          for (const u of await this.repo.usersByIds(m, siteId, ids)) names.set(u.id, { name: u.name, email: u.email });
          return page;
        },
        (c) => c.id,
        (c) => post(siteId, c, names.get(c.authorId) ?? { name: c.authorId, email: null }),
        (n) => onProgress({ comments: (done += n), total: counts.comments }),
      );
      yield '</disqus>\n';
    } finally {
      await qr.query('ROLLBACK').catch(() => undefined);
      await qr.release();
    }
  }

  /** Every row of a keyset-paged read, each turned into its text. */
  private async *pages<T>(read: (after: string | null) => Promise<T[]>, key: (row: T) => string, text: (row: T) => string, onPage?: (n: number) => void) {
    let after: string | null = null;
    for (;;) {
      const rows = await read(after);
      for (const r of rows) yield text(r);
      onPage?.(rows.length);
      if (rows.length === 0) return;
      after = key(rows[rows.length - 1]);
    }
  }
}

const line = (o: unknown) => `${JSON.stringify(o)}\n`;

/** Joins small pieces into chunks of about 64 KiB: one write per chunk, not per record. */
async function* batched(pieces: AsyncIterable<string>): AsyncGenerator<Buffer> {
  let buf = '';
  for await (const p of pieces) {
    buf += p;
    if (buf.length >= 65_536) {
      yield Buffer.from(buf);
      buf = '';
    }
  }
  if (buf) yield Buffer.from(buf);
}

// ---- Disqus XML --------------------------------------------------------------------------------

/** A thread's dsq:id: Disqus ids are numbers, so one is made from the article id (48 bits of its hash: stable from export to export). */
export function threadDsqId(siteId: string, articleId: string): string {
  return BigInt(`0x${createHash('sha256').update(`${siteId}\u0000${articleId}`).digest('hex').slice(0, 12)}`).toString();
}

/** A post's dsq:id: the comment's UUID read as a number, so a re-import of a newer export knows it. */
export function postDsqId(commentId: string): string {
  return BigInt(`0x${commentId.replace(/-/g, '')}`).toString();
}

/** Characters XML 1.0 cannot hold at all are dropped; the rest escaped. */
function esc(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function cdata(s: string): string {
  const clean = s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
  return `<![CDATA[${clean.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Disqus writes seconds, no fraction. */
const disqusDate = (iso: string) => `${iso.slice(0, 19)}Z`;

function thread(siteId: string, a: ArticleRecord): string {
  const el = (name: string, v: string | null) => (v === null ? `<${name}/>` : `<${name}>${esc(v)}</${name}>`);
  return (
    `<thread dsq:id="${threadDsqId(siteId, a.id)}">${el('id', a.id)}${el('forum', siteId)}${el('link', a.url)}${el('title', a.title)}` +
    `<createdAt>${disqusDate(a.createdAt)}</createdAt><isClosed>${a.closed}</isClosed><isDeleted>false</isDeleted></thread>\n`
  );
}

function post(siteId: string, c: CommentRecord, author: { name: string; email: string | null }): string {
  // Disqus has spam and deleted; a comment waiting for a moderator says so with isApproved (read back here as pending).
  const spam = c.status === 'rejected';
  const deleted = c.status === 'deleted';
  const parent = c.parentId ? `<parent dsq:id="${postDsqId(c.parentId)}"/>` : '';
  return (
    `<post dsq:id="${postDsqId(c.id)}"><id>${c.id}</id><message>${cdata(c.html)}</message><createdAt>${disqusDate(c.createdAt)}</createdAt>` +
    `<isDeleted>${deleted}</isDeleted><isSpam>${spam}</isSpam><isApproved>${c.status !== 'pending'}</isApproved>` +
    `<author><name>${esc(author.name)}</name>${author.email ? `<email>${esc(author.email)}</email>` : ''}<username>${esc(c.authorId)}</username>` +
    `<isAnonymous>false</isAnonymous></author><thread dsq:id="${threadDsqId(siteId, c.articleId)}"/>${parent}</post>\n`
  );
}
