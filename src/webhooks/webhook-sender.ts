import { Injectable } from '@nestjs/common';
import { WebhooksConfig } from './webhooks-config';
import { isHttpUrl } from '../common/webhook-contract';

/** Of a receiver's answer, the most read (the rest is never downloaded) and kept for the delivery log. */
const READ_BYTES = 4096;
const KEPT_CHARS = 1000;

export interface SendResult {
  /** The HTTP status, or null when there was none (network error, timeout). */
  status: number | null;
  ok: boolean;
  /** The start of the answer's body (text), or why there was no answer. */
  body: string | null;
  error: string | null;
}

/**
 * One POST to a receiver: bounded by WEBHOOK_TIMEOUT_MS from connect to the last byte read,
 * redirects not followed (a 3xx is a failed attempt), at most READ_BYTES of the answer read.
 * Never throws for the receiver's sake; `signal` (the instance shutting down) aborts it.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: WebhooksConfig) {}

  async post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<SendResult> {
    if (!isHttpUrl(url)) return { status: null, ok: false, body: null, error: 'not an http(s) URL' };
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Parley-Webhooks/1', ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([timeout, signal]),
      });
      const text = await readSome(res, READ_BYTES);
      const ok = res.status >= 200 && res.status < 300;
      const error = ok ? null : res.status >= 300 && res.status < 400 ? `HTTP ${res.status} (redirects are not followed)` : `HTTP ${res.status}`;
      return { status: res.status, ok, body: text.slice(0, KEPT_CHARS), error };
    } catch (err) {
      if (signal.aborted) throw err;
      const reason = timeout.aborted ? `no answer within ${this.config.timeoutMs} ms` : describe(err);
      return { status: null, ok: false, body: null, error: reason };
    }
  }
}

/** Reads up to `max` bytes of the body and drops the rest (the connection is closed rather than drained). */
async function readSome(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ? `${e.cause.code}: ${e.cause.message ?? e.message}` : e.message;
}
