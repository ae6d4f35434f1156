import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { LiveBus } from '../events/live-bus';

/** Past this a cached page is refetched even if no event said it changed (a safety net only). */
const TTL_MS = 5000;
const MAX_ARTICLES = 5000;

/** A cached page: the JSON it is sent as, encoded once (a string would be encoded on every send), and its strong ETag. */
export interface CachedPage {
  body: Buffer;
  etag: string;
}

interface Entry extends CachedPage {
  at: number;
}

const etagOf = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * The anonymous first page of an article, kept as the JSON bytes it is sent as. Every stored event of the
 * article (new, edited, removed comment, reactions, counts) drops it, here and, through the live
 * relay, on the other instances. A fill that raced a change is not kept: invalidation marks the
 * article's fills in flight as overtaken, and an overtaken fill answers its callers unstored.
 */
@Injectable()
export class FirstPageCache implements OnModuleDestroy {
  private readonly pages = new Map<string, Map<string, Entry>>();
  private readonly inflight = new Map<string, Promise<CachedPage>>();
  /** Fills an invalidation overtook: they answer their callers but are not stored (weak: nothing per article outlives its fill). */
  private readonly overtaken = new WeakSet<Promise<CachedPage>>();
  private readonly unsubscribe: () => void;

  constructor(bus: LiveBus) {
    this.unsubscribe = bus.subscribe((e) => {
      if ('article' in e.audience) this.invalidate(e.audience.article);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** The page, from memory when held and fresh, else loaded once however many ask at the same time. */
  page(articleId: string, variant: string, load: () => Promise<unknown>): Promise<CachedPage> {
    const hit = this.pages.get(articleId)?.get(variant);
    if (hit && Date.now() - hit.at < TTL_MS) return Promise.resolve(hit);
    return this.fill(articleId, variant, load);
  }

  private fill(articleId: string, variant: string, load: () => Promise<unknown>): Promise<CachedPage> {
    const key = `${articleId}\u0000${variant}`;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const fill: Promise<CachedPage> = load()
      .then((value) => {
        const body = Buffer.from(JSON.stringify(value));
        const page = { body, etag: etagOf(body) };
        if (!this.overtaken.has(fill)) this.store(articleId, variant, page);
        return page;
      })
      // An invalidation may have replaced this fill with a newer one under the same key.
      .finally(() => {
        if (this.inflight.get(key) === fill) this.inflight.delete(key);
      });
    this.inflight.set(key, fill);
    return fill;
  }

  invalidate(articleId: string): void {
    this.pages.delete(articleId);
    for (const [key, fill] of this.inflight) {
      if (!key.startsWith(`${articleId}\u0000`)) continue;
      this.overtaken.add(fill);
      this.inflight.delete(key);
    }
  }

  private store(articleId: string, variant: string, page: CachedPage): void {
    if (!this.pages.has(articleId) && this.pages.size >= MAX_ARTICLES) {
      const oldest = this.pages.keys().next().value as string;
      this.pages.delete(oldest);
    }
    const variants = this.pages.get(articleId) ?? new Map<string, Entry>();
    variants.set(variant, { ...page, at: Date.now() });
    this.pages.set(articleId, variants);
  }
}
