/** The English strings of the desk's statistics, people and search screens. */
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Seconds as a moderator reads a wait: "45 s", "12 min", "3.5 h", "2.1 days". */
export function duration(s: number | null): string {
  if (s === null) return '–';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}

export const percent = (r: number | null): string => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);

export const D = {
  // Statistics
  statsTitle: 'Statistics',
  statsIntro: 'How this site’s comments were moderated: by UTC day, or by hour over a day or two. Every chart is also a table.',
  window: 'Period',
  windows: [
    ['1', 'Today, by hour'],
    ['7', 'Last 7 days'],
    ['30', 'Last 30 days'],
    ['range', 'Dates…'],
  ] as [string, string][],
  rangeFrom: 'From',
  rangeTo: 'Until',
  rangeShow: 'Show',
  rangeLabel: 'Dates',
  badStatsRange: (max: number) => `Pick a first and a last day, the first not after the last, at most ${max} days apart.`,
  rangeLoaded: (from: string, to: string) => `Statistics from ${from} until ${to} loaded.`,
  refresh: 'Refresh',
  showTables: 'Show the tables',
  statsLoaded: (days: number) => `Statistics for the last ${days} days loaded.`,
  statsFailed: 'Could not load the statistics.',
  summary: 'Summary',
  posted: 'Comments posted',
  approvalRate: 'Approval rate',
  rejectionRate: 'Rejection rate',
  medianWait: 'Median time to decision',
  p90Wait: '90th percentile time to decision',
  decisions: 'Moderator decisions',
  openReports: 'Open reports',
  rateHint: 'Of the comments posted in the period that are published or rejected.',
  waitHint: 'From posting to a moderator’s first approve or reject, for decisions in the period.',
  perDay: 'Comments per day',
  perDayAlt: (days: number, published: number, held: number, rejected: number) =>
    `Bar chart of comments per day over ${days} days: ${published} published, ${held} held, ${rejected} rejected in all. The table follows.`,
  day: 'Day',
  hour: 'Hour',
  perHour: 'Comments per hour',
  perHourAlt: (hours: number, published: number, held: number, rejected: number) =>
    `Bar chart of comments per hour over ${hours} hours: ${published} published, ${held} held, ${rejected} rejected in all. The table follows.`,
  queueOverTime: 'Queue size over time',
  queueAlt: (most: number, last: number) => `Line chart of the pending queue over time: at most ${most}, ${last} at the end. The table follows.`,
  waiting: 'Waiting',
  medianOverTime: 'Median time to decision over time',
  medianAlt: (n: number) => `Line chart of the median time to a first decision over time, from ${plural(n, 'decision', 'decisions')}. The table follows.`,
  medianCol: 'Median wait',
  published: 'Published',
  held: 'Held',
  rejected: 'Rejected',
  deleted: 'Deleted',
  total: 'Total',
  perModerator: 'Decisions per moderator',
  perModeratorAlt: (n: number) => `Bar chart of decisions by ${plural(n, 'moderator', 'moderators')}. The table follows.`,
  moderator: 'Moderator',
  approvedCol: 'Approved',
  rejectedCol: 'Rejected',
  otherCol: 'Other',
  noDecisions: 'No decisions in this period.',
  holdReasons: 'Top reasons for holds and refusals',
  rejectReasons: 'Top reasons moderators gave for rejecting',
  reason: 'Reason',
  count: 'Count',
  noReasons: 'None in this period.',
  activeArticles: 'Most active articles',
  articleCol: 'Article',
  commentsCol: 'Comments posted',
  noArticles: 'No comments in this period.',
  reports: 'Reports by reason',
  reportsAlt: (total: number, open: number) => `Bar chart of ${plural(total, 'report', 'reports')} by reason, ${open} still open. The table follows.`,
  open: 'Open',

  // A user's history
  historyTitle: 'User history',
  historyOf: (name: string) => `History of ${name}`,
  backToQueues: 'Back to the queues',
  historyFailed: 'Could not load this user.',
  fullHistory: 'Full history',
  facts: 'About',
  commentsByStatus: 'Comments',
  statusTabs: 'Comments by status',
  all: 'All',
  sanctions: 'Sanctions',
  noSanctions: 'No sanctions.',
  sanctionBy: (action: string, who: string) => `${sanctionWord(action)} by ${who}`,
  reportsMade: (n: number) => `Reports made (${n})`,
  reportsReceived: (n: number) => `Reports received (${n})`,
  noReports: 'None.',
  reportedBy: (name: string) => `reported by ${name}`,
  reportedComment: (name: string) => `on a comment by ${name}`,
  answered: 'answered',
  openWord: 'open',
  notes: 'Staff notes',
  noNotes: 'No notes.',
  noComments: 'No comments here.',
  loadMore: 'Load more',
  commentsLabel: (status: string) => `${status} comments`,
  keysHint: 'j / k move through the comments, a approves, r rejects, 1–5 switch the status.',
  approveBtn: 'Approve',
  rejectBtn: 'Reject',
  rejectReason: 'Reason for rejecting (optional)',
  rejectConfirm: 'Reject comment',
  cancel: 'Cancel',
  approvedSay: 'Approved.',
  rejectedSay: 'Rejected.',
  commentBy: (name: string) => `Comment by ${name}`,
  article: 'Article',
  decidedBy: (action: string, who: string) => `${action === 'approve' ? 'Approved' : action === 'reject' ? 'Rejected' : action} by ${who}`,

  // Search
  moreFilters: 'More filters',
  filtersLabel: 'Search filters',
  author: 'Author id',
  articleId: 'Article id',
  section: 'Section',
  reasonField: 'Reason',
  reasonHint: 'A reason as listed (suspect_word:walrus) or its kind (banned_word, link, premod).',
  from: 'Posted from',
  to: 'Posted until',
  reported: 'Reported by readers',
  sort: 'Order',
  sorts: [
    ['newest', 'Newest first'],
    ['oldest', 'Oldest first'],
  ] as [string, string][],
  clearFilters: 'Clear',
  badArticle: 'The article id may hold only letters, digits and . _ : ~ / -',
  badSection: 'A section is at most 100 characters on one line',
  badReason: 'A reason looks like banned_word or suspect_word:walrus.',
  badRange: '“Posted from” must not be after “Posted until”.',
  searchNothing: 'Type words to search for, or set a filter.',
  results: (words: string, parts: string[]) =>
    `Search results${words ? ` for “${words}”` : ''}${parts.length ? `${words ? ',' : ':'} ${parts.join(', ')}` : ''}.`,
};

const SANCTION_WORDS: Record<string, string> = {
  'user.ban': 'Banned',
  'user.unban': 'Ban or suspension lifted',
  'user.suspend': 'Suspended',
  'user.premod': 'Pre-moderated',
  'user.unpremod': 'Pre-moderation stopped',
  'user.warn': 'Warned',
};

export const sanctionWord = (action: string) => SANCTION_WORDS[action] ?? action;
