import { io, type Socket } from 'socket.io-client';
import type { QueueCounts } from '../../../common/contract';
import { type Ack, LIVE_PATH, MODERATION_NAMESPACE, type ModerationServerEvents } from '../../../live/live-events';
import { put } from '../shared/dom';
import type { Desk } from './dashboard';
import type { Payload } from './queue';
import { S } from './strings';

/** A refused handshake carries the same error as a refused join. */
type Refusal = Extract<Ack, { ok: false }>['error'];

/**
 * The moderation socket of one site: queue counts, and items entering or leaving its queues as
 * anyone decides. Switching sites closes it and opens another.
 */
export class ModerationLive {
  private readonly socket: Socket<ModerationServerEvents>;
  private countsTimer = 0;
  /** The newest `queue.counts` version seen on this socket. */
  private countsVersion = -1;

  constructor(
    private readonly d: Desk,
    token: string | null,
    site: string | null,
  ) {
    const { el } = d;
    // Without a token the handshake carries the staff session cookie (same origin) and names the site.
    const auth = token ? { token } : site ? { site } : {};
    const socket = (this.socket = io(`${location.origin}${MODERATION_NAMESPACE}`, { path: LIVE_PATH, auth, forceNew: true }));
    socket.on('connect', () => {
      // Hosts (and tests) can tell when live updates flow.
      document.body.dataset.live = 'on';
      el.live.hidden = true;
      void d.refreshCounts();
    });
    socket.on('disconnect', (reason) => {
      document.body.dataset.live = 'off';
      if (reason === 'io client disconnect') return;
      el.live.hidden = false;
      put(el.live, S.liveOff);
      // socket.io retries by itself except when the server closed the socket on purpose.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    });
    socket.on('connect_error', (err: Error & { data?: Refusal }) => {
      if (socket.active) return; // socket.io retries by itself
      if (err.data?.code === 'TOKEN_EXPIRED' || err.data?.code === 'AUTH_REQUIRED') return d.signOut(S.expired);
      el.live.hidden = false;
      put(el.live, S.liveRefused(err.data?.message ?? err.message));
    });
    socket.on('queue.counts', (c: QueueCounts & { version?: number }) => {
      // Two instances may send their totals out of order: an older one than already shown is dropped.
      if (typeof c.version === 'number') {
        if (c.version <= this.countsVersion) return;
        this.countsVersion = c.version;
      }
      // The broadcast counts are site-wide: a filtered view asks for its article's own.
      if (!d.filter) el.setCounts(c);
      else this.countsSoon();
    });
    socket.on('queue.removed', (e: Payload<'queue.removed'>) => d.queue.removed(e));
    socket.on('queue.added', (e: Payload<'queue.added'>) => d.queue.added(e));
    // A sanction or its undo by anyone: the author's badge on their items and an open panel about them.
    socket.on('user.sanctioned', ({ user }: Payload<'user.sanctioned'>) => {
      d.queue.updateAuthor(user.id, user.status);
      void d.panel.standingChanged(user.id);
    });
  }

  disconnect(): void {
    this.socket.disconnect();
  }

  private countsSoon(): void {
    clearTimeout(this.countsTimer);
    this.countsTimer = window.setTimeout(() => void this.d.refreshCounts(), 300);
  }
}
