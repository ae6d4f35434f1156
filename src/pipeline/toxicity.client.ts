import { Injectable, Logger } from '@nestjs/common';
import { toxicityCall } from '../common/metrics';
import { EnvConfig } from '../config/config';
import { readCapped } from './capped-body';

/** A Perspective reply is a few hundred bytes; anything near this is not one (and is not read on). */
const MAX_REPLY_BYTES = 64 * 1024;

/** Outcome of asking the scorer: a probability, or why there is none. */
/** The part of a Perspective `comments:analyze` reply we read; anything may be missing. */
interface PerspectiveReply {
  attributeScores?: { TOXICITY?: { summaryScore?: { value?: unknown } } };
}

export type ToxicityResult = { score: number } | { unavailable: true } | null;

/**
 * A Perspective-compatible scorer (`POST {TOXICITY_URL}?key=…`, body `comments:analyze` shape).
 * Any failure (timeout, network, non-2xx, a reply over MAX_REPLY_BYTES or without a score) is
 * "unavailable", never a throw.
 */
@Injectable()
export class ToxicityClient {
  private readonly logger = new Logger('Toxicity');

  constructor(private readonly config: EnvConfig) {}

  get enabled(): boolean {
    return !!this.config.TOXICITY_URL;
  }

  async score(text: string): Promise<ToxicityResult> {
    if (!this.config.TOXICITY_URL) return null;
    const url = new URL(this.config.TOXICITY_URL);
    if (this.config.TOXICITY_API_KEY) url.searchParams.set('key', this.config.TOXICITY_API_KEY);
    const done = toxicityCall();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          comment: { text: text.slice(0, 20000) },
          languages: ['en'],
          requestedAttributes: { TOXICITY: {} },
          doNotStore: true,
        }),
        signal: AbortSignal.timeout(this.config.TOXICITY_TIMEOUT_MS),
      });
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`scorer answered ${res.status}`);
      }
      const json = JSON.parse(await readCapped(res, MAX_REPLY_BYTES)) as PerspectiveReply | null;
      const value = json?.attributeScores?.TOXICITY?.summaryScore?.value;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw new Error('reply has no TOXICITY score');
      done();
      return { score: value };
    } catch (err) {
      done((err as Error).message);
      this.logger.warn(`toxicity unavailable: ${(err as Error).message}`);
      return { unavailable: true };
    }
  }
}
