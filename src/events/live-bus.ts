import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { markPublished } from '../common/metrics';

/**
 * Where an event goes: an article's readers (by its feed key, see articleKey), one user's sockets
 * (on the site they hold on), or the moderators of a site.
 */
export type Audience = { article: string } | { site: string; user: string } | { moderation: string };

/** Tells the other instances something and resolves once they have acted on it (or timed out). */
export type InstanceBroadcaster = (type: string, payload: Record<string, unknown>) => Promise<void>;

export interface LiveEvent {
  type: string;
  audience: Audience;
  payload: Record<string, unknown>;
}

/** In-process hand-off from committed transactions to the socket gateways. */
@Injectable()
export class LiveBus {
  private readonly logger = new Logger('LiveBus');
  private readonly emitter = new EventEmitter().setMaxListeners(50);

  /**
   * Runs after the commit: the write has happened and is answered as such, so a listener that
   * throws is logged, never turned into an error for the writer (and never stops the others).
   */
  publish(events: LiveEvent[]): void {
    markPublished(events.map((e) => e.payload));
    for (const e of events) {
      for (const listener of this.emitter.listeners('event') as ((e: LiveEvent) => void)[]) {
        try {
          listener(e);
        } catch (err) {
          this.logger.error(`listener failed on ${e.type}: ${(err as Error).message}`);
        }
      }
    }
  }

  private broadcaster: InstanceBroadcaster = () => Promise.resolve();

  /** Set by the live relay when instances share Redis; alone, there is no one to tell. */
  setInstanceBroadcaster(fn: InstanceBroadcaster): void {
    this.broadcaster = fn;
  }

  toOtherInstances(type: string, payload: Record<string, unknown>): Promise<void> {
    return this.broadcaster(type, payload);
  }

  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
