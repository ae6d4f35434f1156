import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'socket.io';
import { ArticleCounts } from '../articles/article-counts';
import { FirstPageCache } from '../comments/first-page-cache';
import { EnvConfig } from '../config/config';
import { LiveBus, LiveEvent } from '../events/live-bus';
import { SettingsService } from '../settings/settings.service';
import { LatestCursors } from './latest-cursors';
import { MODERATION_NAMESPACE, REPLAYED_EVENTS } from './live-events';
import { ReaderGateway, userRoom } from './reader.gateway';
import { moderationRoom } from './moderation.gateway';
import { RedisLink, redisLinkOf } from './redis-io.adapter';
import { RoomFeed } from './room-feed';

/** While the link to the other instances is down (and a little after it is back), every room reads what it missed this often. */
export const CATCH_UP_DOWN_MS = 1000;
/** How long after the link is back the rooms keep reading as if it were down (subscriptions take a moment to resume). */
export const CATCH_UP_GRACE_MS = 5000;
/** With the link up, every room still reads what it may have missed this often: a safety net for an event lost in flight. */
export const CATCH_UP_SWEEP_MS = 10_000;
/** How long a settings change waits for the other instances to confirm they reloaded (they also poll: see SettingsService). */
const NUDGE_TIMEOUT_MS = 2000;

const ARTICLE_EVENTS: readonly string[] = REPLAYED_EVENTS;

/**
 * Sends committed events to sockets. Article events go to this instance's rooms through the
 * RoomFeed (in order, once each), and to the other instances as one `article.event` message each,
 * which they feed to their own rooms. Redis only carries them: the event table is the truth, and
 * each instance reads back what it missed while the link was down, so an outage delays events but
 * loses none. Events for one user's sockets and for moderators go through the adapter as before.
 */
@Injectable()
export class LiveRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveRelay');
  private unsubscribe?: () => void;
  private readonly clustered: boolean;
  private link?: RedisLink;
  /** The link's state as last handled (linkChanged). */
  private linkUp = false;
  private timer?: NodeJS.Timeout;
  private lastCatchUp = 0;
  private catchUpUntil = 0;

  constructor(
    private readonly bus: LiveBus,
    private readonly readers: ReaderGateway,
    private readonly settings: SettingsService,
    private readonly firstPages: FirstPageCache,
    private readonly cursors: LatestCursors,
    private readonly feed: RoomFeed,
    private readonly counts: ArticleCounts,
    config: EnvConfig,
  ) {
    // Only the Redis adapter carries messages between instances; alone, there is no one to tell.
    this.clustered = !!config.REDIS_URL;
  }

  onApplicationBootstrap(): void {
    const io = this.io();
    if (!io) return;
    this.link = redisLinkOf(io);
    // Another instance changed the site settings: load them now so the policy holds everywhere.
    io.of('/').on('settings.changed', (_payload: unknown, ack?: (ok: boolean) => void) => {
      this.settings.reload().then(
        () => ack?.(true),
        (e: Error) => {
          this.logger.warn(e.message);
          ack?.(false);
        },
      );
    });
    if (this.clustered) this.bus.setInstanceBroadcaster((type, payload) => this.toOthers(io, type, payload));
    // Another instance committed an article event: its cached first page here is stale too, and
    // the rooms here get the event in order.
    io.of('/').on('article.event', (articleId: unknown, type: unknown, payload: unknown) => {
      if (typeof articleId !== 'string' || typeof type !== 'string' || !ARTICLE_EVENTS.includes(type)) return;
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return;
      this.firstPages.invalidate(articleId);
      if (type === 'article.count') this.counts.note(articleId, payload as Record<string, unknown>);
      this.cursors.note(articleId, (payload as { cursor?: unknown }).cursor);
      this.feed.deliver(articleId, { type, payload: payload as Record<string, unknown> });
    });
    // From an instance of the version before article.event: the adapter delivers its events itself.
    io.of('/').on('article.changed', (articleId: unknown, cursor?: unknown) => {
      if (typeof articleId !== 'string') return;
      this.firstPages.invalidate(articleId);
      if (cursor === undefined) this.cursors.forget(articleId);
      else this.cursors.note(articleId, cursor);
    });
    this.unsubscribe = this.bus.subscribe((e) => this.send(io, e));
    if (this.clustered) {
      this.linkUp = !!this.link?.up;
      // Up already: its subscriptions may still be settling, as after any return of the link.
      this.counts.suspend(this.linkUp ? CATCH_UP_GRACE_MS : Infinity);
      this.watchLink();
    }
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
  }

  /**
   * Resolves true once the events sent so far have reached Redis (false if not within `ms`, or
   * with no Redis): shutdown waits for this before it closes the connections.
   */
  async flush(ms: number): Promise<boolean> {
    return (await this.link?.flush(ms)) ?? false;
  }

  private io(): Server | undefined {
    // The default-namespace gateway is handed the Server itself; a namespaced one, a Namespace.
    const s = this.readers.server as unknown as Server & { server?: Server };
    return typeof s?.of === 'function' ? s : s?.server;
  }

  /**
   * While the link is down, every room reads what it missed each CATCH_UP_DOWN_MS (readers here
   * see the other instances' events late rather than never); when it is back, at once and for a
   * little longer, then every CATCH_UP_SWEEP_MS.
   */
  private watchLink(): void {
    this.link?.onChange((up) => this.linkChanged(up));
    this.timer = setInterval(() => {
      // The link's own events are emitted a tick after its connections change, so the state seen at
      // start may already be stale when the listener is added: the timer checks it too.
      this.linkChanged(!!this.link?.up);
      const now = Date.now();
      const down = !this.linkUp || now < this.catchUpUntil;
      if (down || now - this.lastCatchUp >= CATCH_UP_SWEEP_MS) this.catchUp();
    }, CATCH_UP_DOWN_MS);
    this.timer.unref();
  }

  private linkChanged(up: boolean): void {
    if (up === this.linkUp) return;
    this.linkUp = up;
    if (up) this.logger.log('Redis is back: reading what the rooms here missed');
    else this.logger.warn('Redis is down: rooms here read what they miss from the event table until it is back');
    // Counts held here would miss the others' events: read from the table until the link has settled.
    this.counts.suspend(up ? CATCH_UP_GRACE_MS : Infinity);
    this.catchUpUntil = Date.now() + CATCH_UP_GRACE_MS;
    if (up) this.catchUp();
  }

  private catchUp(): void {
    this.lastCatchUp = Date.now();
    if (this.feed.size) void this.feed.catchUpAll();
  }

  /** Tells the other instances and resolves once they have acted on it, or at once when the link is down. */
  private toOthers(io: Server, type: string, payload: Record<string, unknown>): Promise<void> {
    if (!this.link?.up) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    // The Redis adapter waits for every other instance's ack, up to its requestsTimeout; this bounds it whatever Redis does.
    const acked = new Promise<void>((resolve) =>
      (io.of('/').serverSideEmit as (...a: unknown[]) => boolean)(type, payload, (err: Error | null, acks: unknown[] = []) => {
        if (err) this.logger.warn(`${type}: not every instance answered in time (${err.message})`);
        else if (acks.some((ok) => ok === false)) this.logger.warn(`${type}: an instance failed to act on it`);
        resolve();
      }),
    );
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, NUDGE_TIMEOUT_MS)));
    return Promise.race([acked, late]).finally(() => clearTimeout(timer));
  }

  private send(io: Server, e: LiveEvent): void {
    const a = e.audience;
    if ('article' in a) {
      this.cursors.note(a.article, e.payload.cursor);
      this.feed.deliver(a.article, { type: e.type, payload: e.payload });
      // While the link is down the others read it from the table instead; queued, it would only arrive late.
      if (this.clustered && this.link?.up) io.of('/').serverSideEmit('article.event', a.article, e.type, e.payload);
    } else if ('user' in a) this.emitTo(io, '/', userRoom(a.site, a.user), e);
    else if ('moderation' in a) this.emitTo(io, MODERATION_NAMESPACE, moderationRoom(a.moderation), e);
  }

  /**
   * socket.io encodes a broadcast before it looks for sockets, and every post sends `queue.added`:
   * on a single instance a room nobody is in is skipped; with other instances they may hold its sockets.
   */
  private emitTo(io: Server, namespace: string, room: string, e: LiveEvent): void {
    const nsp = io.of(namespace);
    if (!this.clustered && !nsp.adapter.rooms.has(room)) return;
    nsp.to(room).emit(e.type, e.payload);
  }
}
