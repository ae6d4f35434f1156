import type { Readable } from 'node:stream';

export { IMPORT_FORMATS, type ImportFormat } from '../../common/import-contract';

/** What a comment becomes: the source's spam, deleted, unapproved and approved, in Parley's words. */
export type ImportedStatus = 'approved' | 'pending' | 'rejected' | 'deleted';

/** A thread of the source (a Disqus thread, a WordPress post, a Commento or remark42 page). */
export interface SourceThread {
  /** The source's id of the thread, as its comments name it. */
  sourceId: string;
  /** The publisher's identifier (Disqus `<id>`, WordPress post id, the page path or URL), if any. */
  identifier: string | null;
  url: string | null;
  title: string | null;
  closed: boolean;
  /** Set when the source says the thread is gone: its comments are skipped with this reason. */
  skipReason?: string;
}

/** An author as the source names them; `key` becomes the user id `import:<format>:<key>`. */
export interface SourceUser {
  key: string;
  name: string;
  email: string | null;
  /**
   * Known only by their id (a Commento commenter before the commenters list, a remark42 voter):
   * created if missing, never overwrites what a fuller record said.
   */
  stub?: boolean;
}

export interface SourceComment {
  sourceId: string;
  threadId: string;
  parentId: string | null;
  author: SourceUser;
  /** The text as the source holds it: HTML (Disqus, WordPress, remark42) or markdown (Commento, remark42's orig). */
  text: { html: string } | { markdown: string };
  createdAt: Date;
  status: ImportedStatus;
  /** Users (by key) who liked it, where the format names them. */
  likers: SourceUser[];
  /** Net votes the format counts without naming the voters (not imported: see docs/API.md). */
  anonymousScore?: number;
}

/** One thing read from the file, in file order. */
export type SourceItem =
  | { kind: 'thread'; thread: SourceThread }
  | { kind: 'comment'; comment: SourceComment }
  | { kind: 'user'; user: SourceUser }
  /** Left out, and why; `comments`: how many comments it held (default 1; a thread: 0). */
  | { kind: 'skip'; item: string; reason: string; comments?: number };

/** Reads a stream of one format into items; never holds more than one record (a post, an item, a line) at once. */
export type FormatReader = (input: Readable) => AsyncIterable<SourceItem>;

/** A date the source wrote, or null when it is not one. */
export function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const s = value.trim();
  // WordPress writes `YYYY-MM-DD HH:MM:SS` (UTC in comment_date_gmt); 0000-00-00 means none.
  const wp = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (wp) {
    if (wp[1] === '0000') return null;
    const d = new Date(`${wp[1]}-${wp[2]}-${wp[3]}T${wp[4]}:${wp[5]}:${wp[6]}Z`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `true` / `false` as XML exports write them; anything else is not a boolean. */
export function parseBool(value: string | null | undefined, fallback: boolean): boolean | null {
  if (value === null || value === undefined || value.trim() === '') return fallback;
  const s = value.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return null;
}
