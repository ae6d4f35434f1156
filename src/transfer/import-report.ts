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
