import type { NotificationKind } from '../common/notification-contract';

/**
 * Every word the notification emails and the unsubscribe page say, per language. English only for
 * now: a language is added as one more entry of the same shape. `{name}` marks a value put in.
 */
export interface EmailStrings {
  subject: Record<NotificationKind, string>;
  digestSubject: string;
  line: Record<NotificationKind, string>;
  someArticle: string;
  reason: string;
  open: string;
  intro: string;
  digestIntro: string;
  footer: string;
  unsubscribe: string;
  unsubscribeTitle: string;
  unsubscribeAsk: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedText: string;
}

export const STRINGS: Record<string, EmailStrings> = {
  en: {
    subject: {
      reply: '{actor} replied to your comment',
      approved: 'Your comment is published',
      rejected: 'Your comment was not published',
      featured: 'Your comment was featured',
    },
    digestSubject: '{count} updates on your comments at {site}',
    line: {
      reply: '{actor} replied to your comment on {article}:',
      approved: 'Your comment on {article} was approved and is published now:',
      rejected: 'Your comment on {article} was not published:',
      featured: 'Your comment on {article} was featured by the editors:',
    },
    someArticle: 'an article',
    reason: "The moderator's reason: {reason}",
    open: 'Open the comment',
    intro: 'Hello {name},',
    digestIntro: 'Hello {name}, here is what happened to your comments at {site}:',
    footer: 'You get these emails because you asked {site} to tell you about replies and decisions on your comments.',
    unsubscribe: 'Stop these emails',
    unsubscribeTitle: 'Stop emails from {site}?',
    unsubscribeAsk: 'You will no longer get emails about replies and decisions on your comments at {site}. You can turn them on again next to the comments.',
    unsubscribeButton: 'Stop these emails',
    unsubscribedTitle: 'Done',
    unsubscribedText: 'You will get no more emails about your comments from {site}.',
  },
};

export const DEFAULT_LOCALE = 'en';

/** The strings of a language, or English. */
export function stringsFor(locale: string | null | undefined): EmailStrings {
  return STRINGS[locale ?? DEFAULT_LOCALE] ?? STRINGS[DEFAULT_LOCALE];
}

/** Puts the values into a string's `{name}` marks (a mark with no value stays as written). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
}
