import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { LIVE_PATH } from './live-events';

/** Small messages only: readers send join/leave, nothing bigger. */
const SOCKET_OPTIONS: Partial<ServerOptions> = {
  path: LIVE_PATH,
  cors: { origin: true, credentials: false },
  maxHttpBufferSize: 16 * 1024,
  pingInterval: 25_000,
  pingTimeout: 20_000,
  // The room broadcast is encoded once; per-message compression would redo work per socket.
  perMessageDeflate: false,
  connectionStateRecovery: undefined,
};

/**
 * socket.io for Parley: the options above, plus the Redis adapter when REDIS_URL is set so every
 * instance reaches every reader and moderator.
 */
export class ParleyIoAdapter extends IoAdapter {
  private readonly logger = new Logger('ParleyIoAdapter');
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl?: string,
    private readonly prefix = 'parley',
  ) {
    super(app);
  }

  createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, { ...options, ...SOCKET_OPTIONS }) as Server;
    if (this.redisUrl && !this.clients.length) {
      const pub = new Redis(this.redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
      const sub = pub.duplicate();
      for (const c of [pub, sub]) c.on('error', (e) => this.logger.warn(`redis: ${e.message}`));
      this.clients = [pub, sub];
      // requestsTimeout bounds how long a settings change waits for the other instances to reload.
      server.adapter(createAdapter(pub, sub, { key: `${this.prefix}#socket.io`, requestsTimeout: 3000 }));
    }
    return server;
  }

  /**
   * Plain listeners instead of Nest's per-socket rxjs pipelines: the same dispatch (data and ack
   * in, the handler's value back as the ack) without several observables held by every
   * connected socket, which on a hot article is thousands of them.
   */
  bindMessageHandlers(...[socket, handlers, transform]: Parameters<IoAdapter['bindMessageHandlers']>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as { data: unknown; ack?: (response: unknown) => void };
        transform(callback(data, ack)).subscribe((response: unknown) => {
          if (response === null || response === undefined) return;
          const r = response as { event?: string; data?: unknown };
          if (r.event) socket.emit(r.event, r.data);
          else if (!isAckHandledManually && typeof ack === 'function') ack(response);
        });
      });
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
    this.clients = [];
  }
}
