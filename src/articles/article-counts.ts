import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ARTICLE_ID, articleKey } from '../common/ids';
import { LiveBus } from '../events/live-bus';
import { ArticlesRepository } from './articles.repository';

/**
 * Past this an entry is read again even if no event moved it: a safety net for changes that
 * publish no `article.count` (an import, a recount's repair), not the way counts stay current.
 */
export const COUNT_TTL_MS = 30_000;
/** Entries kept (about 100 bytes each); the oldest are dropped first. */
const MAX_ENTRIES = 200_000;

/** What GET /counts answers (the controller writes its JSON by hand). */
export interface ArticleCountsAnswer {
  counts: Record<string, number>;
}

/**
 * The answer's JSON, written by hand: article ids hold no character JSON escapes (ARTICLE_ID), and
 * an object of 100 fresh keys per request cost a tenth of the route's time.
 */
export function countsJson(ids: readonly string[], totals: readonly number[]): string {
  let json = '{"counts":{';
  for (let i = 0; i < ids.length; i++) json += `${i ? ',' : ''}"${ids[i]}":${totals[i]}`;
  return `${json}}}`;
}

/**
 * Lists already parsed, oldest out first. The same page asks for the same list on every view; its
 * ids come back as the same strings each time, whose hashes V8 keeps, so the lookups below are
 * cheap (ids fresh from split() were most of the route's time).
 */
const parsedLists = new Map<string, readonly string[]>();
const PARSED_LISTS = 1000;
/** Longer lists (long ids) are parsed each time: the memory held stays a few MB. */
const PARSED_LIST_CHARS = 4096;

/** Why an `articleIds` list is refused (400, with the code as the key). */
export const ARTICLE_IDS_REFUSED = {
  VALIDATION_FAILED: 'articleIds must name at least one article',
  TOO_MANY_IDS: 'articleIds takes at most 100 ids',
  INVALID_ARTICLE_ID: 'articleId must be 1-200 characters of A-Z a-z 0-9 . _ : ~ / -',
} as const;

/**
 * The distinct ids of an `articleIds` list, or the refusal the route answers: the edge answer
 * (counts-edge.ts) and the controller read the list the same way.
 */
export function parseArticleIds(list: string): readonly string[] | keyof typeof ARTICLE_IDS_REFUSED {
  const known = parsedLists.get(list);
  if (known) return known;
  const ids = [...new Set(list.split(',').filter((s) => s !== ''))];
  if (!ids.length) return 'VALIDATION_FAILED';
  if (ids.length > 100) return 'TOO_MANY_IDS';
  for (const id of ids) if (!ARTICLE_ID.test(id)) return 'INVALID_ARTICLE_ID';
  if (list.length <= PARSED_LIST_CHARS) {
    if (parsedLists.size >= PARSED_LISTS) parsedLists.delete(parsedLists.keys().next().value as string);
    parsedLists.set(list, ids);
  }
  return ids;
}

interface Entry {
  total: number;
  /** The event cursor that set `total` (0n for a row read): a later event wins, an older one is ignored. */
  cursor: bigint;
  at: number;
}

const cursorOf = (v: unknown): bigint => {
  try {
    return typeof v === 'string' || typeof v === 'number' ? BigInt(v) : 0n;
  } catch {
    return 0n;
  }
};

/**
 * Published-comment counts of articles, in memory. Every committed `article.count` event sets its
 * article's count, here (through the LiveBus) and on the other instances (the live relay hands them
 * what arrives over Redis, see note()). Event cursors order the counts of one article, so events of
 * two instances arriving out of order leave the newest. Ids not held are read in one query; a row
 * read that raced an event of its article is not kept (the event's count is at least as new). While the link to the
 * other instances is down nothing is kept (see suspend()): their events would be missed.
 */
@Injectable()
export class ArticleCounts implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private suspendedUntil = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly articles: ArticlesRepository,
    bus: LiveBus,
  ) {
    this.unsubscribe = bus.subscribe((e) => {
      if (e.type === 'article.count' && 'article' in e.audience) this.note(e.audience.article, e.payload);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** An `article.count` event's payload (`total`, `cursor`) for the article of feed key `key`. */
  note(key: string, payload: Record<string, unknown>): void {
    const total = payload.total;
    if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) return;
    if (this.suspended()) return;
    const cursor = cursorOf(payload.cursor);
    const held = this.entries.get(key);
    if (held && held.cursor >= cursor && held.cursor !== 0n) return;
    this.put(key, { total, cursor, at: Date.now() });
  }

  /**
   * Forgets everything and keeps nothing for `ms` (Infinity: until called again): while the
   * instances cannot hear each other, and for a moment after, every count is read from the table.
   */
  suspend(ms: number): void {
    this.entries.clear();
    this.suspendedUntil = Date.now() + ms;
  }

  /** The counts of `ids` (distinct, valid article ids) on `siteId`, in their order: unknown articles count 0. */
  async counts(siteId: string, ids: readonly string[]): Promise<number[]> {
    const out = new Array<number>(ids.length);
    let cold: number[] | undefined;
    const now = Date.now();
    for (let i = 0; i < ids.length; i++) {
      const e = this.entries.get(articleKey(siteId, ids[i]));
      if (e && now - e.at < COUNT_TTL_MS) out[i] = e.total;
      else (cold ??= []).push(i);
    }
    if (!cold) return out;
    const began = Date.now();
    const read = await this.articles.commentCounts(
      siteId,
      cold.map((i) => ids[i]),
    );
    const keep = !this.suspended();
    const at = Date.now();
    for (const i of cold) {
      const id = ids[i];
      const total = read.get(id) ?? 0;
      out[i] = total;
      if (!keep) continue;
      // An event that arrived during the read set a count at least as new as the row read: it stays.
      const key = articleKey(siteId, id);
      const held = this.entries.get(key);
      if (!held || held.at < began) this.put(key, { total, cursor: held?.cursor ?? 0n, at });
    }
    return out;
  }

  private suspended(): boolean {
    return Date.now() < this.suspendedUntil;
  }

  private put(key: string, entry: Entry): void {
    // Re-inserted at the end, so the first key is the least recently set.
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
  }
}
