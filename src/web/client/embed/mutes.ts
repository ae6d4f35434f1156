import type { MuteView } from '../../../common/mute-contract';
import type { CommentsApi } from './client';
import type { Session } from './session';

export interface MutesContext {
  readonly api: CommentsApi;
  readonly session: Session;
  /** Who is muted changed: the cards fold or unfold, the list (embed-extras.js: mutes-list.ts) is drawn again. */
  changed(): void;
}

/**
 * The readers this reader muted, as the service keeps them (GET/POST/DELETE /me/mutes, so they
 * follow the reader to every device). The widget keeps them here, so the first page folds their
 * comments without waiting for anything else; the list to unmute them comes with embed-extras.js.
 */
export class MutedPeople {
  private readonly people = new Map<string, MuteView>();

  constructor(private readonly ctx: MutesContext) {}

  has(userId: string): boolean {
    return this.people.has(userId);
  }

  list(): MuteView[] {
    return [...this.people.values()];
  }

  /** The latest load, settled (never rejected): the first page waits for it, so a muted comment never shows unfolded. */
  ready: Promise<void> = Promise.resolve();

  load(): Promise<void> {
    return (this.ready = this.read());
  }

  /** Reads the signed-in reader's mutes (none while signed out); a failure leaves everyone shown. */
  private async read(): Promise<void> {
    const asked = this.ctx.session.token;
    this.people.clear();
    if (asked) {
      try {
        const page = await this.ctx.api.mutes();
        if (this.ctx.session.token !== asked) return;
        for (const m of page.items) this.people.set(m.userId, m);
      } catch {
        /* the comments stay unfolded; muting again says what went wrong */
      }
    }
    this.ctx.changed();
  }

  /** Mutes a reader; throws the service's refusal (too many, unknown) for the caller to show. */
  async mute(userId: string): Promise<MuteView> {
    const m = await this.ctx.api.mute(userId);
    this.people.set(m.userId, m);
    this.ctx.changed();
    return m;
  }

  async unmute(userId: string): Promise<void> {
    await this.ctx.api.unmute(userId);
    this.people.delete(userId);
    this.ctx.changed();
  }
}
