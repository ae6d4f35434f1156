import { Injectable } from '@nestjs/common';
import { NotificationsConfig } from './notifications-config';
import { NotificationsRepository } from './notifications.repository';
import { UnsubscribeKind, unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe';

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

  async link(siteId: string, userId: string, kind: UnsubscribeKind = 'reader'): Promise<string> {
    const token = unsubscribeToken(await this.current(), siteId, userId, kind);
    return `${this.config.publicUrl}/api/v1/notifications/unsubscribe?site=${encodeURIComponent(siteId)}&token=${token}`;
  }

  /** Whom the token names and what it stops, or null. */
  async verify(siteId: string, token: string): Promise<{ kind: UnsubscribeKind; id: string } | null> {
    const key = await this.current();
    for (const kind of ['reader', 'staff-digest'] as const) {
      const id = verifyUnsubscribeToken(key, siteId, token, kind);
      if (id) return { kind, id };
    }
    return null;
  }
}
