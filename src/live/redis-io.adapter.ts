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
 * The two Redis connections the adapter uses, seen as one link between this instance and the
 * others: up only while both are (messages flow both ways). Events the relay sends while it is down
 * are not lost, only late: the event table is the truth, and each instance catches up from it.
 */
export class RedisLink {
  private readonly listeners: ((up: boolean) => void)[] = [];
  private wasUp: boolean;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
  ) {
    this.wasUp = this.up;
    for (const c of [pub, sub]) for (const event of ['ready', 'close', 'end']) c.on(event, () => this.changed());
  }

  get up(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  /** Called with the new state whenever the link goes down or comes back. */
  onChange(listener: (up: boolean) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves true once everything published so far has reached Redis (a PING on the publishing
   * connection is answered after every command sent before it), false if that is not so within `ms`.
   */
  flush(ms: number): Promise<boolean> {
    if (!this.up) return Promise.resolve(false);
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      this.pub.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
    ]).finally(() => clearTimeout(timer));
  }

  private changed(): void {
    const up = this.up;
    if (up === this.wasUp) return;
    this.wasUp = up;
    for (const l of this.listeners) l(up);
  }
}

/** The link of a socket.io server that runs on Redis; undefined for a lone instance. */
const links = new WeakMap<Server, RedisLink>();
export const redisLinkOf = (server: Server): RedisLink | undefined => links.get(server);

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
      links.set(server, new RedisLink(pub, sub));
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
    // A connection that is down would wait for Redis to come back to say QUIT: it is just dropped.
    await Promise.all(
      this.clients.map(async (c) => {
        if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
        else c.disconnect();
      }),
    );
    this.clients = [];
  }
}
