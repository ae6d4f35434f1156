import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'socket.io';
import { FirstPageCache } from '../comments/first-page-cache';
import { EnvConfig } from '../config/config';
import { LiveBus, LiveEvent } from '../events/live-bus';
import { SettingsService } from '../settings/settings.service';
import { LatestCursors } from './latest-cursors';
import { MODERATION_NAMESPACE } from './live-events';
import { articleRoom, ReaderGateway, userRoom } from './reader.gateway';

/**
 * Sends committed events to sockets. Room broadcasts go through the socket.io adapter, so with
 * Redis configured they reach the sockets of every instance; each payload is encoded once.
 */
@Injectable()
export class LiveRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveRelay');
  private unsubscribe?: () => void;
  private readonly clustered: boolean;

  constructor(
    private readonly bus: LiveBus,
    private readonly readers: ReaderGateway,
    private readonly settings: SettingsService,
    private readonly firstPages: FirstPageCache,
    private readonly cursors: LatestCursors,
    config: EnvConfig,
  ) {
    // Only the Redis adapter carries messages between instances; alone, there is no one to tell.
    this.clustered = !!config.REDIS_URL;
  }

  onApplicationBootstrap(): void {
    const io = this.io();
    if (!io) return;
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
    if (this.clustered) {
      this.bus.setInstanceBroadcaster(
        (type, payload) =>
          // The Redis adapter waits for every other instance's ack, up to its requestsTimeout.
          new Promise<void>((resolve) =>
            (io.of('/').serverSideEmit as (...a: unknown[]) => boolean)(type, payload, (err: Error | null, acks: unknown[] = []) => {
              if (err) this.logger.warn(`${type}: not every instance answered in time (${err.message})`);
              else if (acks.some((ok) => ok === false)) this.logger.warn(`${type}: an instance failed to act on it`);
              resolve();
            }),
          ),
      );
    }
    // Another instance changed an article: its cached first page here is stale too, and the
    // article's newest cursor is the one it sends (an instance that sends none: read it again).
    io.of('/').on('article.changed', (articleId: unknown, cursor?: unknown) => {
      if (typeof articleId !== 'string') return;
      this.firstPages.invalidate(articleId);
      if (cursor === undefined) this.cursors.forget(articleId);
      else this.cursors.note(articleId, cursor);
    });
    this.unsubscribe = this.bus.subscribe((e) => this.send(io, e));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private io(): Server | undefined {
    // The default-namespace gateway is handed the Server itself; a namespaced one, a Namespace.
    const s = this.readers.server as unknown as Server & { server?: Server };
    return typeof s?.of === 'function' ? s : s?.server;
  }

  private send(io: Server, e: LiveEvent): void {
    const a = e.audience;
    if ('article' in a) {
      const cursor = e.payload.cursor;
      this.cursors.note(a.article, cursor);
      io.of('/').to(articleRoom(a.article)).emit(e.type, e.payload);
      if (this.clustered) io.of('/').serverSideEmit('article.changed', a.article, ...(typeof cursor === 'string' ? [cursor] : []));
    } else if ('user' in a) io.of('/').to(userRoom(a.user)).emit(e.type, e.payload);
    else if ('moderation' in a) io.of(MODERATION_NAMESPACE).emit(e.type, e.payload);
  }
}
