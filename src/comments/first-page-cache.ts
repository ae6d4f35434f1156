import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { LiveBus } from '../events/live-bus';

/** Past this a cached page is refetched even if no event said it changed (a safety net only). */
const TTL_MS = 5000;
const MAX_ARTICLES = 5000;

interface Entry {
  json: string;
  at: number;
}

/**
 * The anonymous first page of an article, kept as the JSON it is sent as. Every stored event of the
 * article (new, edited, removed comment, reactions, counts) drops it, here and, through the live
 * relay, on the other instances. A fill that raced a change is not kept: each article has a
 * generation that invalidation bumps, and a fill is stored only if the generation held.
 */
@Injectable()
export class FirstPageCache implements OnModuleDestroy {
  private readonly pages = new Map<string, Map<string, Entry>>();
  private readonly generations = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly unsubscribe: () => void;

  constructor(bus: LiveBus) {
    this.unsubscribe = bus.subscribe((e) => {
      if ('article' in e.audience) this.invalidate(e.audience.article);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  async get(articleId: string, variant: string, load: () => Promise<unknown>): Promise<string> {
    const hit = this.pages.get(articleId)?.get(variant);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.json;
    const key = `${articleId}\u0000${variant}`;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const generation = this.generations.get(articleId) ?? 0;
    const fill = load()
      .then((value) => {
        const json = JSON.stringify(value);
        if ((this.generations.get(articleId) ?? 0) === generation) this.store(articleId, variant, json);
        return json;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, fill);
    return fill;
  }

  invalidate(articleId: string): void {
    this.generations.set(articleId, (this.generations.get(articleId) ?? 0) + 1);
    this.pages.delete(articleId);
    for (const key of this.inflight.keys()) if (key.startsWith(`${articleId}\u0000`)) this.inflight.delete(key);
  }

  private store(articleId: string, variant: string, json: string): void {
    if (!this.pages.has(articleId) && this.pages.size >= MAX_ARTICLES) {
      const oldest = this.pages.keys().next().value as string;
      this.pages.delete(oldest);
    }
    const variants = this.pages.get(articleId) ?? new Map<string, Entry>();
    variants.set(variant, { json, at: Date.now() });
    this.pages.set(articleId, variants);
  }
}
