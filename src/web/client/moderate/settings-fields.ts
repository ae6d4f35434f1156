/**
 * The site settings as GET/PATCH /api/v1/settings carry them (src/settings/site-settings.ts is
 * the server's; the browser code may not import it), and how the settings screen presents each.
 * The limits only inform the help text: the server validates, and its messages are shown.
 */

export const PREMODERATION = ['none', 'all', 'links'] as const;

export interface SettingsView {
  premoderation: (typeof PREMODERATION)[number];
  bannedWords: string[];
  suspectWords: string[];
  maxLength: number;
  maxDepth: number;
  editWindowSeconds: number;
  toxicityThreshold: number;
  premodNewUsers: number;
  /** Days after its first comment an article closes (0: never); absent on a server without it. */
  autoCloseDays?: number;
  rateLimits: { commentsPerMinute: number; duplicateWindowSeconds: number; writesPerMinute: number };
  /** The reasons a moderator picks from when rejecting; absent on a server without them. */
  rejectReasons?: string[];
  /** Community guidelines above the widget's form, light markdown ('': none); absent on a server without them. */
  guidelines?: string;
  /** The language of notification emails (en, de, fr, es); absent on a server without it. */
  locale?: string;
  /** The From address of the site's emails (null: the deployment's); absent on a server without it. */
  mailFrom?: string | null;
}

export type WordKey = 'bannedWords' | 'suspectWords';
export type NumberKey =
  | Exclude<keyof SettingsView, 'premoderation' | WordKey | 'rateLimits' | 'rejectReasons' | 'guidelines' | 'locale' | 'mailFrom'>
  | `rateLimits.${keyof SettingsView['rateLimits']}`;

export interface NumberSpec {
  key: NumberKey;
  label: string;
  help: string;
  min: number;
  max: number;
  step?: string;
  /** Shown with its length in words ("= 15 minutes"). */
  seconds?: boolean;
  /** A number of days, shown in words ("= never", "= 30 days"). */
  days?: boolean;
}

export const PREMOD_LABELS: Record<SettingsView['premoderation'], [string, string]> = {
  none: ['No', 'Comments are published at once unless a check holds them.'],
  links: ['Comments with a link', 'A comment with a link waits for a moderator.'],
  all: ['Every comment', 'Every new comment waits for a moderator before anyone sees it.'],
};

export const WORD_LISTS: { key: WordKey; label: string; help: string }[] = [
  {
    key: 'bannedWords',
    label: 'Banned words',
    help: 'A comment containing one of these is rejected. One word or phrase per line, up to 2,000 of up to 100 characters.',
  },
  {
    key: 'suspectWords',
    label: 'Suspect words',
    help: 'A comment containing one of these is held for a moderator. One word or phrase per line, up to 2,000 of up to 100 characters.',
  },
];

export const GUIDELINES = {
  label: 'Community guidelines',
  help: 'Shown to readers in a folded box above the comment form; empty: no box. Light markdown as in comments (**bold**, *italic*, > quote, links), up to 4,000 characters.',
  max: 4000,
};

/** The languages notification emails are written in, each named in itself. */
export const LOCALE = {
  label: 'Language of notification emails',
  help: 'Readers’ notification emails, the unsubscribe page and staff queue digests are written in this language; a reader whose sign-in names another of these languages gets theirs.',
  choices: { en: 'English', de: 'Deutsch (German)', fr: 'Français (French)', es: 'Español (Spanish)' } as Record<string, string>,
};

export const MAIL_FROM = {
  label: 'Sender address of emails',
  help: 'Readers’ notification emails and staff queue digests come from this address, with the site’s name; the service’s own address stays their technical sender, where bounces go. Use a domain the mail server may send for (SPF, DKIM). Empty: the service’s address.',
};

export const REJECT_REASONS = {
  label: 'Reasons to reject with',
  help: 'Offered to a moderator who rejects a comment (they may also write their own); the author is told the reason. One per line, up to 50 of up to 200 characters.',
};

export const REVIEW_NUMBERS: NumberSpec[] = [
  {
    key: 'premodNewUsers',
    label: 'Hold new commenters',
    help: 'A new commenter’s comments wait for a moderator until this many of them were approved (0 to 100; 0 is off).',
    min: 0,
    max: 100,
  },
  {
    key: 'toxicityThreshold',
    label: 'Toxicity threshold',
    help: 'A comment the toxicity scorer rates above this is held (0 to 1, e.g. 0.8). Applies only when a scorer is configured.',
    min: 0,
    max: 1,
    step: '0.01',
  },
];

export const COMMENT_NUMBERS: NumberSpec[] = [
  { key: 'maxLength', label: 'Longest comment', help: 'In characters, 1 to 20,000.', min: 1, max: 20000 },
  { key: 'maxDepth', label: 'Reply depth', help: 'Levels of replies below a top-level comment, 0 to 10 (0: no replies).', min: 0, max: 10 },
  {
    key: 'editWindowSeconds',
    label: 'Edit window',
    help: 'How long after posting its author may edit a comment, in seconds, up to 604,800 (7 days).',
    min: 0,
    max: 604800,
    seconds: true,
  },
  {
    key: 'autoCloseDays',
    label: 'Close articles after',
    help: 'Days after an article’s first comment when it closes to new comments, 0 to 3,650 (0: never).',
    min: 0,
    max: 3650,
    days: true,
  },
];

export const RATE_NUMBERS: NumberSpec[] = [
  {
    key: 'rateLimits.commentsPerMinute',
    label: 'Comments per minute',
    help: 'A reader’s comments past this many in a minute are held as flooding (1 to 1,000).',
    min: 1,
    max: 1000,
  },
  {
    key: 'rateLimits.duplicateWindowSeconds',
    label: 'Repeat window',
    help: 'The same text from the same reader within this many seconds counts as a repeat (0 to 86,400).',
    min: 0,
    max: 86400,
    seconds: true,
  },
  {
    key: 'rateLimits.writesPerMinute',
    label: 'Writes per minute',
    help: 'Posts, edits, likes and reports one reader may send in a minute before being refused (1 to 100,000).',
    min: 1,
    max: 100000,
  },
];

/** A setting's value by its key (`rateLimits.x` reaches inside); undefined for one the server does not have. */
export function valueOf(s: SettingsView, key: NumberKey): number | undefined {
  if (key.startsWith('rateLimits.')) return s.rateLimits[key.slice(11) as keyof SettingsView['rateLimits']];
  return s[key as Exclude<NumberKey, `rateLimits.${string}`>];
}

/** Every key a settings answer has (rate limits as `rateLimits.x`), to find any the form misses. */
export function keysOf(s: object): string[] {
  return Object.entries(s as Record<string, unknown>).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).map((n) => `${k}.${n}`) : [k],
  );
}
