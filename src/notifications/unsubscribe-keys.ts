import { Injectable } from '@nestjs/common';
import { NotificationsConfig } from './notifications-config';
import { NotificationsRepository } from './notifications.repository';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe';

/** The key unsubscribe links are signed with (NOTIFICATIONS_SECRET, else one kept in the database), and the links. */
@Injectable()
export class UnsubscribeKeys {
  private key?: Promise<string>;

  constructor(
    private readonly config: NotificationsConfig,
    private readonly repo: NotificationsRepository,
  ) {}

  private current(): Promise<string> {
    if (this.config.secret) return Promise.resolve(this.config.secret);
    this.key ??= this.repo.serverSecret('unsubscribe').catch((e: Error) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
  }

  async link(siteId: string, userId: string): Promise<string> {
    const token = unsubscribeToken(await this.current(), siteId, userId);
    return `${this.config.publicUrl}/api/v1/notifications/unsubscribe?site=${encodeURIComponent(siteId)}&token=${token}`;
  }

  async verify(siteId: string, token: string): Promise<string | null> {
    return verifyUnsubscribeToken(await this.current(), siteId, token);
  }
}
