import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Audience, LiveBus, LiveEvent } from './live-bus';

/** A unit of work: its database manager plus the events to send once it has committed. */
export class Tx {
  readonly outbox: LiveEvent[] = [];
  constructor(readonly manager: EntityManager) {}

  /**
   * A reader event is stored in the same transaction as the change; its row id is the cursor
   * a reconnecting reader resumes from.
   */
  async record(articleId: string, type: string, payload: Record<string, unknown>): Promise<string> {
    const [row] = await this.manager.query(
      `INSERT INTO events (article_id, type, payload) VALUES ($1, $2, $3) RETURNING id`,
      [articleId, type, JSON.stringify(payload)],
    );
    const cursor = String(row.id);
    this.outbox.push({ type, audience: { article: articleId }, payload: { ...payload, cursor } });
    return cursor;
  }

  /** Events that need no replay (moderators' queues, an author's own status): sent after commit. */
  notify(type: string, audience: Audience, payload: Record<string, unknown>): void {
    this.outbox.push({ type, audience, payload });
  }
}

@Injectable()
export class TxService {
  constructor(private readonly ds: DataSource, private readonly bus: LiveBus) {}

  /** Runs `work` in one transaction; publishes its events only after the commit succeeded. */
  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let tx!: Tx;
    const result = await this.ds.transaction(async (manager) => {
      tx = new Tx(manager);
      return work(tx);
    });
    this.bus.publish(tx.outbox);
    return result;
  }
}
