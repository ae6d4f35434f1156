/**
 * What an import answers (docs/API.md, "Import"), with no server imports, so the dashboard's
 * import screen reads exactly what the service sends.
 */

/** The formats an import reads; `parley` is Parley's own export (GET /export, NDJSON). */
export const IMPORT_FORMATS = ['disqus', 'wordpress', 'commento', 'remark42', 'parley'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportReport {
  format: ImportFormat;
  dryRun: boolean;
  mapping: string;
  bytes: number;
  threads: { read: number; mapped: number; skipped: number };
  comments: {
    read: number;
    /** New comments written (a dry run: that would be written). */
    imported: number;
    /** In an earlier import of this site already: left as they are. */
    alreadyImported: number;
    skipped: number;
    /** Of the imported: replies, and how many of each status. */
    replies: number;
    statuses: { approved: number; pending: number; rejected: number; deleted: number };
    /** Replies whose parent is not in the file (or was skipped): imported as top-level comments. */
    reRooted: number;
    /** Replies nested deeper than the site's maxDepth: attached to the deepest allowed ancestor. */
    flattened: number;
  };
  /** Likes added as reactions (formats that name who liked); votes the format keeps only as a number are not imported. */
  likes: { imported: number; notImported: number };
  /** Authors (and likers) that are users of the site now: `import:<format>:<source user>`. */
  users: number;
  articles: {
    /** Articles that get comments. */
    count: number;
    /** The first articles in file order, with how many comments each gets. */
    sample: { articleId: string; comments: number }[];
  };
  /** The first threads' mappings, as the dry run shows them before anything is written. */
  mappings: { thread: string; identifier: string | null; url: string | null; title: string | null; articleId: string | null; skipped?: string }[];
  skipped: {
    total: number;
    byReason: Record<string, number>;
    items: { item: string; reason: string }[];
  };
  durationMs: number;
  /**
   * `parley` only: whether the settings changed, and the new rows of what hangs off comments and
   * users; `staff`: members given a role on the site, `webhooks`: endpoints restored (disabled),
   * `notes`: moderators' notes on users.
   */
  restored?: {
    settings: boolean;
    users: number;
    revisions: number;
    reactions: number;
    reports: number;
    log: number;
    staff: number;
    webhooks: number;
    notes: number;
  };
}
