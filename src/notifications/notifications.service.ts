import { Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound } from '../common/api-error';
import { decodeCursor, invalidCursor, toPage } from '../common/cursor';
import type { EmailFailureView, EmailMode, NotificationPageView, NotificationPreferencesView } from '../common/notification-contract';
import type { Page } from '../common/contract';
import type { Viewer } from '../common/viewer';
import { UsersService } from '../users/users.service';
import { unsubscribePage } from './email-content';
import { failureView, notificationView } from './notification-view';
import { NotificationsConfig } from './notifications-config';
import { NotificationsRepository } from './notifications.repository';
import { EmailLanguage, EmailLocales } from './email-locales';
import { SiteSender } from './site-sender';
import { StaffDigestsRepository } from './staff-digests.repository';
import type { UnsubscribeKind } from './unsubscribe';
import { UnsubscribeKeys } from './unsubscribe-keys';

const ID = /^[1-9][0-9]{0,18}$/;

/** The reader's notifications, their email choice, one-click unsubscribe, and the failed and bounced emails admins see. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly users: UsersService,
    private readonly sender: SiteSender,
    private readonly keys: UnsubscribeKeys,
    private readonly config: NotificationsConfig,
    private readonly locales: EmailLocales,
    private readonly staffDigests: StaffDigestsRepository,
  ) {}

  async list(viewer: Viewer, limit = 20, cursor?: string): Promise<NotificationPageView> {
    const before = pageKey(cursor);
    const [rows, unreadCount] = await Promise.all([
      this.repo.page(viewer.siteId, viewer.id, limit + 1, before),
      this.repo.unreadCount(viewer.siteId, viewer.id),
      // The widget's bell lists them on each visit: the token's language is kept for the reader's emails.
      this.repo.noteLocale(viewer.siteId, viewer.id, viewer.locale ?? null),
    ]);
    return { ...toPage(rows, limit, notificationView, (n) => [n.id]), unreadCount };
  }

  /** Marks the listed notifications (or all) read; ids that are not the reader's change nothing. */
  async markRead(viewer: Viewer, input: { ids?: string[]; all?: boolean }): Promise<{ unreadCount: number }> {
    const hasIds = input.ids !== undefined;
    if (hasIds === (input.all === true)) throw badRequest('VALIDATION_FAILED', 'Send either ids (a list of notification ids) or all: true');
    if (input.all === false) throw badRequest('VALIDATION_FAILED', 'all must be true when sent');
    if (hasIds && input.ids!.some((id) => !ID.test(id))) throw badRequest('VALIDATION_FAILED', 'each id must be a notification id');
    await this.repo.markRead(viewer.siteId, viewer.id, hasIds ? input.ids! : null);
    return { unreadCount: await this.repo.unreadCount(viewer.siteId, viewer.id) };
  }

  async preferences(viewer: Viewer): Promise<NotificationPreferencesView> {
    return { email: await this.repo.preference(viewer.siteId, viewer.id), address: viewer.email, emailAvailable: this.config.emailEnabled };
  }

  /** Any choice but `off` needs an address in the reader's token and a deployment that sends email. */
  async setPreferences(viewer: Viewer, email: EmailMode): Promise<NotificationPreferencesView> {
    if (email !== 'off') {
      if (!this.config.emailEnabled) throw conflict('EMAIL_UNAVAILABLE', 'This service sends no email');
      if (!viewer.email) throw conflict('NO_EMAIL', 'Your sign-in carries no email address');
    }
    // The address emails go to is the one the token carries, kept on the user row.
    await this.users.upsert(viewer);
    await this.repo.setPreference(viewer.siteId, viewer.id, email, viewer.locale ?? null);
    return this.preferences(viewer);
  }

  /** The page a link in an email opens: it asks; only the POST (the button, or a mail client's one-click) unsubscribes. */
  async unsubscribeAsk(siteId: string, token: string): Promise<string> {
    const who = await this.subscriber(siteId, token);
    return unsubscribePage(await this.language(siteId, who), this.siteName(siteId), false, who.kind === 'staff-digest');
  }

  /** A reader's link turns their emails on the site off; a staff digest's link turns that digest off. */
  async unsubscribe(siteId: string, token: string): Promise<string> {
    const who = await this.subscriber(siteId, token);
    if (who.kind === 'staff-digest') await this.staffDigests.remove(siteId, who.id);
    else await this.repo.setPreference(siteId, who.id, 'off');
    return unsubscribePage(await this.language(siteId, who), this.siteName(siteId), true, who.kind === 'staff-digest');
  }

  /** The page speaks the reader's email language (a staff digest's, the site's). */
  private async language(siteId: string, who: { kind: UnsubscribeKind; id: string }): Promise<EmailLanguage> {
    if (who.kind === 'staff-digest') return this.locales.forSite(siteId);
    return this.locales.forReader(siteId, await this.repo.preferenceLocale(siteId, who.id));
  }

  async failures(siteId: string, limit = 20, cursor?: string): Promise<Page<EmailFailureView>> {
    const rows = await this.repo.failures(siteId, limit + 1, pageKey(cursor));
    return toPage(rows, limit, failureView, (e) => [e.id]);
  }

  /**
   * A bounce the mail provider reports after the email was accepted: the site's sent email it names (by Message-ID, angle
   * brackets optional, and/or the address it went to: the latest one) is marked bounced with the reason, so the reader's
   * (or staff member's) later emails to that address are skipped. 404 when no sent email of the site matches.
   */
  async reportBounce(siteId: string, input: { messageId?: string; address?: string; reason: string }): Promise<EmailFailureView> {
    if (input.messageId === undefined && input.address === undefined) throw badRequest('VALIDATION_FAILED', 'Send messageId or address (or both)');
    const messageId = input.messageId === undefined ? null : `<${input.messageId.trim().replace(/^<|>$/g, '')}>`;
    const email = await this.repo.reportBounce(siteId, { messageId, address: input.address ?? null }, input.reason.trim());
    if (!email) throw notFound('EMAIL_NOT_FOUND', 'No email sent from this site matches that Message-ID and address');
    return failureView(email);
  }

  private async subscriber(siteId: string, token: string | undefined): Promise<{ kind: UnsubscribeKind; id: string }> {
    const who = token ? await this.keys.verify(siteId, token) : null;
    if (!who) throw badRequest('INVALID_TOKEN', 'This unsubscribe link is not valid for this site');
    return who;
  }

  private siteName(siteId: string): string {
    return this.sender.name(siteId);
  }
}

/** The id a page continues below, from a cursor this service issued. */
function pageKey(cursor: string | undefined): string | null {
  const key = decodeCursor(cursor, ['string']);
  if (key && !ID.test(key[0] as string)) throw invalidCursor();
  return key ? (key[0] as string) : null;
}
