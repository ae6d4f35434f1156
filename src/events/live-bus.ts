import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Where an event goes: an article's readers, one user's sockets, or the moderators. */
export type Audience = { article: string } | { user: string } | { moderation: true };

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
  private readonly emitter = new EventEmitter().setMaxListeners(50);

  publish(events: LiveEvent[]): void {
    for (const e of events) this.emitter.emit('event', e);
  }

  private broadcaster: InstanceBroadcaster = async () => undefined;

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
