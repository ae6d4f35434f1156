import type { NotificationView } from '../common/notification-contract';
import type { QueueSnapshot, WaitingItem } from './staff-digests.repository';
import { EmailStrings, fill } from './strings';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailInput {
  strings: EmailStrings;
  siteName: string;
  readerName: string;
  /** One for an immediate email, several for a digest. */
  items: NotificationView[];
  digest: boolean;
  unsubscribeUrl: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where the comment opens: the article's page with the comment's anchor, when the page is known. */
export function permalink(n: Pick<NotificationView, 'articleUrl' | 'commentId'>): string | null {
  if (!n.articleUrl) return null;
  try {
    const u = new URL(n.articleUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = `comment-${n.commentId}`;
    return u.toString();
  } catch {
    return null;
  }
}

/** One notification as lines: what happened, the excerpt, the reason, the link. */
function block(s: EmailStrings, n: NotificationView): { text: string[]; html: string } {
  const article = n.articleTitle ? `“${n.articleTitle}”` : s.someArticle;
  const line = fill(s.line[n.kind], { actor: n.actorName ?? '', article });
  const link = permalink(n);
  const text = [line];
  if (n.excerpt) text.push(`  > ${n.excerpt}`);
  if (n.reason) text.push(fill(s.reason, { reason: n.reason }));
  if (link) text.push(`${s.open}: ${link}`);
  const html = [
    `<p>${escapeHtml(line)}</p>`,
    n.excerpt ? `<blockquote style="margin:0 0 8px;padding-left:12px;border-left:3px solid #ccc">${escapeHtml(n.excerpt)}</blockquote>` : '',
    n.reason ? `<p>${escapeHtml(fill(s.reason, { reason: n.reason }))}</p>` : '',
    link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(s.open)}</a></p>` : '',
  ].join('');
  return { text, html };
}

/** The subject, plain text and HTML of an immediate email or a digest, in the reader's language. */
export function renderEmail(input: EmailInput): EmailContent {
  const { strings: s, siteName, items } = input;
  const first = items[0];
  const subject =
    input.digest || items.length > 1
      ? fill(s.digestSubject, { count: items.length, site: siteName })
      : fill(s.subject[first.kind], { actor: first.actorName ?? '' });
  const intro = input.digest ? fill(s.digestIntro, { name: input.readerName, site: siteName }) : fill(s.intro, { name: input.readerName });
  const blocks = items.map((n) => block(s, n));
  const footer = fill(s.footer, { site: siteName });
  const text = [intro, '', ...blocks.flatMap((b) => [...b.text, '']), '--', footer, `${s.unsubscribe}: ${input.unsubscribeUrl}`, ''].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">',
    `<p>${escapeHtml(intro)}</p>`,
    ...blocks.map((b) => `<div style="margin:16px 0">${b.html}</div>`),
    `<hr><p style="color:#666;font-size:small">${escapeHtml(footer)} <a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(s.unsubscribe)}</a></p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

/** The small page the unsubscribe link opens (a mail scanner's GET changes nothing; the button posts). */
export function unsubscribePage(
  { strings: s, locale }: { strings: EmailStrings; locale: string },
  siteName: string,
  done: boolean,
  staffDigest = false,
): string {
  const title = done ? s.unsubscribedTitle : fill(s.unsubscribeTitle, { site: siteName });
  const texts = staffDigest ? s.staff : s;
  const body = done
    ? `<p>${escapeHtml(fill(texts.unsubscribedText, { site: siteName }))}</p>`
    : `<p>${escapeHtml(fill(texts.unsubscribeAsk, { site: siteName }))}</p><form method="post"><button type="submit">${escapeHtml(s.unsubscribeButton)}</button></form>`;
  return `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem;min-height:44px}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export interface StaffDigestInput {
  strings: EmailStrings;
  /** The language's tag, for dates. */
  locale: string;
  siteName: string;
  staffName: string;
  frequency: 'hourly' | 'daily';
  queues: QueueSnapshot;
  dashboardUrl: string;
  /** The one-click link that turns this digest off. */
  unsubscribeUrl: string;
}

/** A date in the language, in UTC (the digest's periods are UTC hours and days). */
function utcTime(locale: string, d: Date): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d)} UTC`;
}

/** A staff member's digest of the site's queues: sizes, what was held in the period, the oldest waiting items, the dashboard. */
export function renderStaffDigest(input: StaffDigestInput): EmailContent {
  const { strings, locale, siteName, queues: q } = input;
  const s = strings.staff;
  const subject = fill(s.subject, { site: siteName, pending: q.pending, reported: q.reported });
  const intro = fill(s.intro, { name: input.staffName, site: siteName });
  const sizes = [fill(s.pending, { count: q.pending }), fill(s.reported, { count: q.reported }), fill(s.held[input.frequency], { count: q.heldInPeriod })];
  const waiting = (template: string, w: WaitingItem | null) =>
    w
      ? {
          line: fill(template, {
            time: utcTime(locale, w.createdAt),
            author: w.authorName,
            article: w.articleTitle ? `“${w.articleTitle}”` : strings.someArticle,
          }),
          excerpt: w.excerpt,
        }
      : null;
  const items = [waiting(s.oldestPending, q.oldestPending), waiting(s.oldestReported, q.oldestReported)].filter((w) => w !== null);
  const footer = fill(s.footer[input.frequency], { site: siteName });
  const text = [
    intro,
    '',
    ...sizes,
    '',
    ...items.flatMap((w) => [w.line, `  > ${w.excerpt}`, '']),
    `${s.open}: ${input.dashboardUrl}`,
    '',
    '--',
    footer,
    `${strings.unsubscribe}: ${input.unsubscribeUrl}`,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">',
    `<p>${escapeHtml(intro)}</p>`,
    `<ul>${sizes.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    ...items.map(
      (w) =>
        `<div style="margin:16px 0"><p>${escapeHtml(w.line)}</p><blockquote style="margin:0 0 8px;padding-left:12px;border-left:3px solid #ccc">${escapeHtml(w.excerpt)}</blockquote></div>`,
    ),
    `<p><a href="${escapeHtml(input.dashboardUrl)}">${escapeHtml(s.open)}</a></p>`,
    `<hr><p style="color:#666;font-size:small">${escapeHtml(footer)} <a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(strings.unsubscribe)}</a></p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
