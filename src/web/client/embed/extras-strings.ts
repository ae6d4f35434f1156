import type { ReportReason } from '../../../common/contract';
import type { EmailMode, NotificationKind } from '../../../common/notification-contract';

/**
 * The English strings of embed-extras.js (bell, muted-people list, More menu, moderators' tools), kept
 * with it rather than in embed.js. Same keys as in the locale files, which translate them as they do
 * strings.ts (the widget applies the table it loaded: ExtrasHost.translate).
 */
export const X = {
  /** The signed-in reader's notification bell (bell.ts). */
  bell: {
    label: (unread: number) => (unread ? `Notifications, ${unread} unread` : 'Notifications, none unread'),
    heading: 'Notifications',
    empty: 'No notifications yet. Replies to your comments and moderators’ decisions will show here.',
    loadFailed: 'Notifications could not be loaded.',
    markAll: 'Mark all as read',
    markRead: 'Mark as read',
    unread: 'Unread',
    more: 'Show older notifications',
    close: 'Close notifications',
    someone: 'Someone',
    thisArticle: 'this article',
    kinds: {
      reply: (actor: string, article: string) => `${actor} replied to your comment on ${article}`,
      approved: (_actor: string, article: string) => `Your comment on ${article} was approved and is published`,
      rejected: (_actor: string, article: string) => `Your comment on ${article} was not published`,
      featured: (_actor: string, article: string) => `Your comment on ${article} was featured by the editors`,
      mention: (actor: string, article: string) => `${actor} mentioned you in a comment on ${article}`,
      warning: (actor: string) => `${actor}, a moderator, has warned you: read and acknowledge it before you post again`,
    } satisfies Record<NotificationKind, (actor: string, article: string) => string>,
    reason: (reason: string) => `Moderator’s reason: ${reason}`,
    /** A warning's notification opened after the reader acknowledged it. */
    warningDone: 'You have acknowledged this warning already.',
    announce: (text: string) => `New notification: ${text}`,
    /** The reader's email choice at the foot of the panel. */
    email: {
      label: 'Email me about replies and decisions',
      modes: { off: 'Off', immediate: 'Immediately', hourly: 'Hourly digest', daily: 'Daily digest' } satisfies Record<EmailMode, string>,
      to: (address: string) => `Emails go to ${address}, with a link to stop them in each.`,
      saved: (mode: string) => `Saved: ${mode}.`,
      failed: 'Your email choice could not be saved. Try again.',
    },
  },

  /** The signed-in reader's account menu (account.ts): a copy of their data, deleting the account. */
  account: {
    menu: 'My account',
    heading: 'Your account on this site',
    intro: 'Download everything this site’s comments service holds about you, or delete your account.',
    download: 'Download my data',
    downloading: 'Preparing your data…',
    downloaded: 'Your data was downloaded as a JSON file.',
    remove: 'Delete my account',
    dialogTitle: 'Delete your account?',
    dialogText:
      'Your comments are removed or kept without your name, as this site has chosen; your name, email, likes, reports and notifications are removed. This cannot be undone.',
    understand: 'I understand that my account is deleted for good',
    confirm: 'Delete my account',
    cancel: 'Cancel',
    tickFirst: 'Tick the box to confirm.',
    deletedRemoved: (n: number) => `Your account was deleted. ${n === 1 ? 'One comment was' : `${n} comments were`} removed.`,
    deletedKept: (n: number) => `Your account was deleted. ${n === 1 ? 'One comment was' : `${n} comments were`} kept without your name.`,
    offline: 'No connection. Try again.',
    failed: (message: string) => `That did not work: ${message}`,
  },

  /** Mute and the moderators' in-stream tools (tools.ts, mutes-list.ts). */
  muteName: (name: string) => `Mute ${name}`,
  mutedNotice: (name: string) => `You muted ${name}. Their comments are folded away for you on every article; unmute them under “Muted people”.`,
  mutedPeople: (n: number) => `Muted people (${n})`,
  unmute: 'Unmute',
  unmuteName: (name: string) => `Unmute ${name}`,
  unmuted: (name: string) => `You unmuted ${name}.`,
  feature: 'Feature',
  unfeature: 'Unfeature',
  approve: 'Approve',
  reject: 'Reject',
  rejectReason: 'Why reject it? (optional; kept in the moderation log)',
  rejectConfirm: 'Reject comment',
  banName: (name: string) => `Ban ${name}`,
  banQuestion: (name: string) => `Ban ${name}? They can still read, but can no longer post, reply or like on this site.`,
  banReason: 'Reason for the ban (kept in the moderation log)',
  banNeedsReason: 'Give a reason for the ban.',
  banRejectPublished: 'Also reject their published comments',
  banConfirm: (name: string) => `Yes, ban ${name}`,
  bannedNotice: (name: string) => `${name} is banned and can no longer post here.`,
  bannedRejected: (n: number) => (n === 1 ? '1 of their comments was rejected.' : `${n} of their comments were rejected.`),
  decided: {
    approve: 'Approved: everyone can see this comment.',
    reject: 'Rejected: readers no longer see this comment.',
    feature: 'Featured as an editor’s pick.',
    unfeature: 'No longer featured.',
  },

  /** "Continue this thread" (thread.ts). */
  backToAll: 'Back to all comments',
  threadOpened: (name: string) => `Showing the thread from ${name}’s comment. “Back to all comments” returns to the rest.`,
  threadClosed: 'Showing all comments.',

  /** Reporting a comment (tools.ts). */
  reportLegend: 'Why are you reporting this comment?',
  reasons: { spam: 'Spam or advertising', abuse: 'Abusive or hateful', off_topic: 'Off topic', other: 'Something else' } satisfies Record<ReportReason, string>,
  reportNote: 'Anything moderators should know? (optional)',
  sendReport: 'Send report',
  reported: 'Thanks. Moderators will take a look at this comment.',
  alreadyReported: 'You already reported this comment. Moderators will take a look.',
  /** Deleting one's own comment (tools.ts). */
  confirmDelete: 'Delete this comment? This cannot be undone.',
  confirmDeleteYes: 'Yes, delete',
  deleted: 'Your comment was deleted.',
  /** Editing one's own comment (tools.ts). */
  editLabel: 'Edit your comment',
  save: 'Save changes',
  edited: 'Your changes were saved.',

  /** Refusals only the requests above meet (mute, report, edit, moderators' tools): added to the widget's own (strings.ts) when this bundle loads. */
  errors: {
    EDIT_WINDOW_CLOSED: 'This comment can no longer be edited.',
    NOT_REPORTABLE: 'This comment cannot be reported.',
    OWN_COMMENT: 'You cannot report your own comment.',
    TOO_MANY_MUTES: 'You have muted as many people as you can. Unmute someone first.',
    CANNOT_MUTE_SELF: 'You cannot mute yourself.',
    USER_NOT_FOUND: 'This person is not known on this site.',
    WRONG_ROLE: 'Only moderators can do this.',
    NOT_PUBLISHED: 'Only a published comment can be featured.',
    SANCTION_NOT_ALLOWED: 'You cannot ban a member of staff with your role, or yourself.',
  } as Record<string, string>,
};
