import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import type { Namespace, Server } from 'socket.io';
import { SiteCounters } from '../comments/site-counters.repository';
import { QueueCounts } from '../common/contract';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import { collectProcessMetrics, sharedRegistry } from '../common/metrics';
import { OPEN_DATABASE } from '../database/database.module';
import type { OpenDatabase } from '../database/data-source';
import { ModerationGateway } from '../live/moderation.gateway';
import { ReaderGateway } from '../live/reader.gateway';

/** A scrape waits this long for the queue sizes; past it (database down) they keep their last value. */
const QUEUE_READ_TIMEOUT_MS = 1000;

/** The default-namespace gateway is handed the Server itself; a namespaced one, a Namespace. */
function namespaceOf(s: Server | Namespace | undefined): Namespace | undefined {
  if (!s) return undefined;
  return typeof (s as Server).of === 'function' ? (s as Server).of('/') : (s as Namespace);
}

/**
 * This application's gauges, read when Prometheus scrapes (nothing is counted on the hot paths):
 * sockets and rooms per namespace, the site's queue sizes, the database pool. Served together with
 * the process-wide metrics of src/common/metrics.ts.
 */
@Injectable()
export class AppMetrics {
  readonly registry = new Registry();
  private queues: QueueCounts | undefined;

  constructor(
    private readonly readers: ReaderGateway,
    private readonly moderators: ModerationGateway,
    private readonly counters: SiteCounters,
    @Inject(OPEN_DATABASE) private readonly db: OpenDatabase,
  ) {
    collectProcessMetrics();
    const registers = [this.registry];
    const namespaces = (): [string, Namespace | undefined][] => [
      ['/', namespaceOf(this.readers.server)],
      ['/moderation', namespaceOf(this.moderators.server)],
    ];

    new Gauge({
      name: 'parley_live_sockets',
      help: 'Sockets connected to this instance, by namespace (/ readers, /moderation moderators)',
      labelNames: ['namespace'] as const,
      registers,
      collect() {
        for (const [name, nsp] of namespaces()) this.set({ namespace: name }, nsp?.sockets.size ?? 0);
      },
    });

    new Gauge({
      name: 'parley_live_rooms',
      help: "Rooms on this instance, by namespace and kind (article:…, user:…); each socket's own room is not counted",
      labelNames: ['namespace', 'kind'] as const,
      registers,
      collect() {
        this.reset();
        for (const [name, nsp] of namespaces()) {
          const counts = new Map<string, number>();
          for (const room of nsp?.adapter.rooms.keys() ?? []) {
            if (nsp?.sockets.has(room)) continue;
            const kind = room.includes(':') ? room.slice(0, room.indexOf(':')) : 'other';
            counts.set(kind, (counts.get(kind) ?? 0) + 1);
          }
          if (name === '/' && !counts.size) this.set({ namespace: name, kind: 'article' }, 0);
          for (const [kind, n] of counts) this.set({ namespace: name, kind }, n);
        }
      },
    });

    // Read before the queue sizes below borrow a connection, so a scrape does not see itself waiting.
    const pool = (field: 'total' | 'idle' | 'waiting', help: string) => {
      const gauge: Gauge = new Gauge({
        name: `parley_db_pool_${field}`,
        help,
        registers,
        collect: () => gauge.set(this.db.pool()?.[field] ?? 0),
      });
    };
    pool('total', 'Connections the database pool holds');
    pool('idle', 'Connections idle in the database pool');
    pool('waiting', 'Requests waiting for a database connection');

    const queues: Gauge<'queue'> = new Gauge({
      name: 'parley_queue_size',
      help: 'Comments in each moderation queue, site-wide (the counters GET /moderation/counts reads)',
      labelNames: ['queue'] as const,
      registers,
      collect: async () => {
        const q = await this.readQueues();
        if (!q) return;
        for (const [queue, n] of Object.entries(q)) queues.set({ queue }, n);
      },
    });
  }

  /** The latest sizes, or the last ones read if the database does not answer in time. */
  private async readQueues(): Promise<QueueCounts | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), QUEUE_READ_TIMEOUT_MS)));
    try {
      this.queues = (await Promise.race([this.counters.read(DEFAULT_SITE_ID), late])) ?? this.queues;
    } catch {
      /* database unavailable: keep the last sizes (parley_db_errors_total says why) */
    } finally {
      clearTimeout(timer);
    }
    return this.queues;
  }

  /** The text Prometheus scrapes: the process-wide metrics and this application's. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([sharedRegistry, this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
