import type { Queue } from '../../../common/contract';
import { EN_TIME } from '../shared/time';

/** Every English string of the moderator dashboard, in one table. */
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const S = {
  title: 'Parley moderation',
  skip: 'Skip to the queue',
  signedInAs: (name: string, role: string) => `Signed in as ${name} (${role})`,
  signOut: 'Sign out',
  signInTitle: 'Sign in to moderate',
  tokenLabel: 'Moderator token (JWT)',
  tokenHint: 'Paste a token your site signed for a user with the moderator or admin role.',
  signIn: 'Sign in',
  demoTitle: 'Demo sign-in',
  demoHint: 'Outside production you can sign in as a demo moderator without a token.',
  demoName: 'Your name',
  demoSignIn: 'Sign in as demo moderator',
  demoOff: 'Demo sign-in is switched off on this server.',
  badToken: 'That does not look like a token.',
  notModerator: 'This token does not have the moderator or admin role.',
  expired: 'Your sign-in has expired. Please sign in again.',
  invalid: 'The token was refused. Please sign in again.',

  queues: { pending: 'Pending', reported: 'Reported', unmoderated: 'Unmoderated', approved: 'Approved', rejected: 'Rejected' } satisfies Record<Queue, string>,
  logTab: 'Log',
  tabsLabel: 'Queues',
  filterLabel: 'Filter by article',
  filterPlaceholder: 'article id',
  filterApply: 'Filter',
  filterClear: 'Show all articles',
  filtered: (id: string) => `Showing article ${id} only.`,
  help: 'Keyboard shortcuts',
  helpKeys: [
    ['j / k', 'next / previous item'],
    ['a', 'approve'],
    ['r', 'reject'],
    ['f', 'feature or unfeature'],
    ['x', 'select or unselect'],
    ['Shift+A / Shift+R', 'approve / reject the selected items'],
    ['u', 'open the author’s user panel'],
    ['z', 'undo the last decision (while its notice shows)'],
    ['c', 'compact or full cards'],
    ['s', 'search comments'],
    ['o', 'open the comment on its own, with its history'],
    ['1 … 6', 'switch queue (6: log)'],
    ['/', 'filter by article'],
    ['?', 'show or hide this help'],
    ['Esc', 'close the panel'],
  ] as [string, string][],

  loading: 'Loading…',
  empty: (q: string) => `Nothing in ${q.toLowerCase()}. Nice work.`,
  loadMore: 'Load more',
  loadFailed: 'Could not load this queue.',
  newItems: (n: number) => `Show ${plural(n, 'new item', 'new items')}`,
  itemLabel: (name: string) => `Comment by ${name}`,
  select: (name: string) => `Select comment by ${name}`,
  reply: 'reply',
  edited: 'edited',
  featured: 'Featured',
  article: 'Article',
  author: 'Author',
  why: 'Why here',
  reports: 'Reports',
  noReasons: 'no automatic reasons',
  onlyArticle: 'Only this article',
  userPanel: 'User panel',
  approve: 'Approve',
  reject: 'Reject',
  feature: 'Feature',
  unfeature: 'Unfeature',
  rejectReason: 'Reason for rejecting (optional)',
  rejectConfirm: 'Reject comment',
  cancel: 'Cancel',
  rejectHint: 'Enter rejects, Esc cancels. The author is told the reason, and it goes into the log.',
  pickReason: 'Or reject at once as:',
  rejectReasons: ['Spam or advertising', 'Abuse or insults', 'Off topic', 'Personal information', 'Misinformation'],
  inPlace: 'View in place',
  decidedBy: (action: string, name: string) =>
    `${action === 'approve' ? 'Approved' : action === 'reject' ? 'Rejected' : action === 'undo' ? 'Restored' : 'Changed'} by ${name}`,
  decision: 'Decision',
  reportNotes: 'Report notes',
  pastReports: 'Reports (answered)',
  compact: 'Compact cards',
  search: 'Search',
  searchLabel: 'Search comments',
  searchWords: 'Search comments',
  searchStatus: 'Status',
  anyStatus: 'Any status',
  statuses: [
    ['pending', 'Pending'],
    ['approved', 'Published'],
    ['rejected', 'Rejected'],
    ['deleted', 'Deleted'],
  ] as [string, string][],
  searchEmpty: 'Type words to search for, or pick a status.',
  searchResults: (words: string, status: string, article: string) =>
    `Search results${words ? ` for “${words}”` : ''}${status && status !== 'Any status' ? `, ${status.toLowerCase()}` : ''}${article ? ` in article ${article}` : ''}.`,
  backToQueues: 'Press 1 to 6 or pick a tab to go back to the queues.',
  noResults: 'No comments match.',
  focus: 'Focus',
  focusTitle: 'One comment, with its history',
  undo: 'Undo',
  undone: 'Undone.',
  undoFailed: (m: string) => `Could not undo: ${m}`,
  toastLabel: 'Last decision',
  decidedToast: (what: string, name: string) => `${what} the comment by ${name}.`,
  bulkToast: (ok: number, action: string) => `${plural(ok, 'comment', 'comments')} ${action === 'approve' ? 'approved' : 'rejected'}.`,
  doneWord: { approve: 'Approved', reject: 'Rejected', feature: 'Featured', unfeature: 'Unfeatured' } as Record<string, string>,
  commentCounts: (approved: number, rejected: number) => `${approved} approved · ${rejected} rejected`,
  role: 'Role',
  authorSummary: (status: string, approved: number, rejected: number) => `${status} · ${approved} approved · ${rejected} rejected`,
  reportReasons: { spam: 'spam', abuse: 'abuse', off_topic: 'off topic', other: 'other' } as Record<string, string>,

  selected: (n: number) => `${plural(n, 'item', 'items')} selected`,
  approveSelected: 'Approve selected',
  rejectSelected: 'Reject selected',
  clearSelection: 'Clear selection',
  bulkDone: (ok: number, failed: number, action: string) =>
    `${plural(ok, 'comment', 'comments')} ${action === 'approve' ? 'approved' : 'rejected'}${failed ? `, ${failed} failed` : ''}.`,

  approved: 'Approved.',
  rejected: 'Rejected.',
  featuredDone: 'Featured.',
  unfeaturedDone: 'No longer featured.',
  byColleague: 'Handled by a colleague',
  colleagueNote: (name: string) => `A colleague handled the comment by ${name}.`,
  liveOff: 'Live updates are off: reconnecting…',
  liveRefused: (m: string) => `Live updates refused: ${m}`,

  panelTitle: (name: string) => `User: ${name}`,
  close: 'Close',
  status: 'Status',
  until: (d: string) => `until ${d}`,
  premod: 'Pre-moderated',
  yes: 'yes',
  no: 'no',
  counts: 'Comments',
  joined: 'First seen',
  sanctions: 'Sanctions',
  banLegend: 'Ban',
  banReason: 'Reason for the ban',
  rejectPending: 'Also reject their pending comments',
  rejectPublished: 'Also reject their published comments',
  rejectedCount: (n: number) => `${plural(n, 'comment', 'comments')} rejected.`,
  bannedToast: (name: string, rejected: number) => `Banned ${name}${rejected ? `; ${plural(rejected, 'comment', 'comments')} rejected` : ''}.`,
  /** The notice after a sanction other than a ban, with its Undo. */
  sanctionToast: { suspend: 'Suspended', unban: 'Lifted the sanction on', premod: 'Pre-moderating', unpremod: 'Stopped pre-moderating' } as Record<
    string,
    string
  >,
  warnings: 'Warnings',
  noWarnings: 'No warnings sent.',
  warnMessage: 'Warn this user',
  warnHint: 'They see this message above the comment form and must acknowledge it before posting again.',
  warn: 'Send warning',
  needWarning: 'Write the warning first.',
  warned: 'Warning sent.',
  warningOpen: 'not acknowledged yet',
  warningAcked: (when: string) => `acknowledged ${when}`,
  ban: 'Ban user',
  unban: 'Lift ban or suspension',
  suspendLegend: 'Suspend',
  suspendFor: 'Suspend for',
  durations: [
    ['1', '1 day'],
    ['3', '3 days'],
    ['7', '1 week'],
    ['30', '30 days'],
  ] as [string, string][],
  suspendReason: 'Reason for the suspension',
  suspend: 'Suspend user',
  premodOn: 'Pre-moderate their comments',
  premodOff: 'Stop pre-moderating',
  needReason: 'Give a reason.',
  sanctioned: (what: string) => `Done: ${what}.`,
  history: 'History',
  notes: 'Staff notes',
  noNotes: 'No notes yet.',
  addNote: 'Add a note',
  noteHint: 'Every moderator and admin of this site sees it.',
  saveNote: 'Save note',
  needNote: 'Write the note first.',
  noteSaved: 'Note saved.',
  noHistory: 'No moderation history.',
  recent: 'Recent comments',

  logTitle: 'Moderation log',
  logWhen: 'When',
  logWho: 'Moderator',
  logWhat: 'Action',
  logSubject: 'Subject',
  logChange: 'Change',
  logReason: 'Reason',
  logEmpty: 'No decisions yet.',
  logFilters: 'Filter the log',
  logAction: 'Action',
  logAnyAction: 'Any action',
  logActor: 'Moderator id',
  logArticle: 'Article id',
  logApply: 'Apply',
  logClear: 'Clear',
  logComment: 'comment',
  logUser: 'user',
  logArticleWord: 'article',
  featuredChange: (on: boolean) => (on ? 'not featured → featured' : 'featured → not featured'),
  logActions: [
    'approve',
    'reject',
    'undo',
    'feature',
    'unfeature',
    'user.ban',
    'user.unban',
    'user.suspend',
    'user.premod',
    'user.unpremod',
    'user.undo',
    'user.warn',
    'user.warning_acknowledged',
    'settings.changed',
  ],

  time: EN_TIME,
  error: (m: string) => `Error: ${m}`,
};

/** Human words for the pipeline's machine-readable reasons. */
export function reasonText(r: string): { text: string; tone: '' | 'warn' | 'bad' } {
  const [kind, arg] = [r.slice(0, r.indexOf(':') < 0 ? r.length : r.indexOf(':')), r.includes(':') ? r.slice(r.indexOf(':') + 1) : ''];
  switch (kind) {
    case 'banned_word':
      return { text: `banned word “${arg}”`, tone: 'bad' };
    case 'suspect_word':
      return { text: `suspect word “${arg}”`, tone: 'warn' };
    case 'link':
      return { text: 'contains a link', tone: 'warn' };
    case 'flood':
      return { text: 'flood or repeated text', tone: 'bad' };
    case 'toxicity':
      return arg === 'unavailable' ? { text: 'toxicity scorer unavailable', tone: '' } : { text: `toxicity ${arg}`, tone: 'warn' };
    case 'premod':
      return {
        text:
          (
            { article: 'article is pre-moderated', site: 'site pre-moderates all', user: 'user is pre-moderated', new_user: 'new commenter' } as Record<
              string,
              string
            >
          )[arg] ?? `pre-moderation (${arg})`,
        tone: '',
      };
    case 'reports':
      return { text: plural(Number(arg) || 0, 'open report', 'open reports'), tone: 'warn' };
    default:
      return { text: r, tone: '' };
  }
}
