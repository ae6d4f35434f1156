import { Injectable } from '@nestjs/common';
import { EnvConfig } from '../config/config';

/** Seconds before each retry of a failed email: 1 min, 5 min, 30 min, 2 h, 6 h (six attempts over about 9 hours). */
export const DEFAULT_EMAIL_RETRIES = [60, 300, 1800, 7200, 21600];

/** How long a digest collects before it is sent, from its first notification. */
export const DIGEST_WINDOW_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;

function parseRetries(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_EMAIL_RETRIES;
  const parts = raw.split(',').map((p) => p.trim());
  const list = parts.map(Number);
  if (parts.length > 20 || list.some((n, i) => parts[i] === '' || !Number.isFinite(n) || n < 0 || n > 604_800)) {
    throw new Error(`Invalid configuration: EMAIL_RETRY_SCHEDULE=${JSON.stringify(raw)}: comma-separated seconds, each 0-604800, at most 20`);
  }
  return list;
}

function checkSmtpUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  try {
    const u = new URL(raw);
    if (u.protocol === 'smtp:' || u.protocol === 'smtps:') return raw;
  } catch {
    /* refused below */
  }
  throw new Error('Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL (smtp://user:pass@host:587)');
}

/**
 * Notification email settings, read from the environment when the service starts: SMTP_URL
 * (smtp:// or smtps://, with credentials in the URL; unset: no email is sent and readers cannot
 * opt in), MAIL_FROM (the sender address; each site's name is the sender's name), NOTIFICATIONS_SECRET
 * (signs unsubscribe links, 16+ characters; unset: a key the service makes once and keeps in the
 * database), EMAIL_RETRY_SCHEDULE (seconds before each retry, default DEFAULT_EMAIL_RETRIES) and
 * PUBLIC_URL (where the links in emails point).
 */
@Injectable()
export class NotificationsConfig {
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly secret: string | null;
  readonly retryDelaysMs: number[];
  readonly publicUrl: string;

  constructor(env: EnvConfig) {
    const e = process.env;
    this.smtpUrl = checkSmtpUrl(e.SMTP_URL);
    this.mailFrom = e.MAIL_FROM?.trim() || 'parley@localhost';
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(this.mailFrom)) throw new Error(`Invalid configuration: MAIL_FROM=${JSON.stringify(e.MAIL_FROM)}: an email address`);
    const secret = e.NOTIFICATIONS_SECRET?.trim();
    if (secret && secret.length < 16) throw new Error('Invalid configuration: NOTIFICATIONS_SECRET must be at least 16 characters');
    this.secret = secret || null;
    this.retryDelaysMs = parseRetries(e.EMAIL_RETRY_SCHEDULE).map((s) => Math.round(s * 1000));
    this.publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  }

  get emailEnabled(): boolean {
    return this.smtpUrl !== null;
  }
}
