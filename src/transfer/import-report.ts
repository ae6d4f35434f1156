import type { ImportReport } from '../common/import-contract';

/** A run's report before anything is read: every counter at zero (both the foreign formats' runs and Parley's restore start here). */
export function emptyImportReport(format: ImportReport['format'], dryRun: boolean, mapping: string): ImportReport {
  return {
    format,
    dryRun,
    mapping,
    bytes: 0,
    threads: { read: 0, mapped: 0, skipped: 0 },
    comments: {
      read: 0,
      imported: 0,
      alreadyImported: 0,
      skipped: 0,
      replies: 0,
      statuses: { approved: 0, pending: 0, rejected: 0, deleted: 0 },
      reRooted: 0,
      flattened: 0,
    },
    likes: { imported: 0, notImported: 0 },
    users: 0,
    articles: { count: 0, sample: [] },
    mappings: [],
    skipped: { total: 0, byReason: {}, items: [] },
    durationMs: 0,
  };
}

/** How many of each list a report carries (the totals are always complete). */
export const REPORT_SAMPLE = 100;

/** Where an import stands, for a progress bar: sent after each batch. */
export interface ImportProgress {
  /** Bytes of the file read so far. */
  bytes: number;
  /** Comments read so far (imported, already there, or skipped). */
  comments: number;
  imported: number;
  alreadyImported: number;
  skipped: number;
}

/** What every run (a foreign format's or Parley's restore) keeps: the bytes read and the report so far. */
export abstract class ImportTally {
  bytes = 0;

  constructor(readonly report: ImportReport) {}

  /** Something of the file left out, and why; `comments`: how many comments it held (a thread: none of its own). */
  skip(item: string, reason: string, comments = 1): void {
    const s = this.report.skipped;
    s.total += 1;
    this.report.comments.skipped += comments;
    // Reasons that quote the item's own value are grouped with the value left out.
    const key = reason.replace(/"(?:[^"\\]|\\.)*"/g, '…');
    s.byReason[key] = (s.byReason[key] ?? 0) + 1;
    if (s.items.length < REPORT_SAMPLE) s.items.push({ item, reason });
  }

  progress(): ImportProgress {
    const c = this.report.comments;
    return { bytes: this.bytes, comments: c.read, imported: c.imported, alreadyImported: c.alreadyImported, skipped: c.skipped };
  }
}
