import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { NotificationsConfig } from './notifications-config';

export interface OutgoingEmail {
  /** The site's name and its own sender address (null: the deployment's MAIL_FROM). */
  from: { name: string; address: string | null };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Longest one SMTP conversation may stall at any step. */
const SMTP_TIMEOUT_MS = 30_000;

/** What nodemailer puts on an error the SMTP server answered. */
interface SmtpError {
  responseCode?: number;
  response?: string;
  command?: string;
}

/**
 * The server's reply when it refused the recipient for good: a 5xx to RCPT TO, or to the message
 * itself (end of DATA; each email has one recipient). Retrying cannot help, so it is a bounce. A 5xx
 * anywhere else (AUTH, MAIL FROM) is the deployment's to fix, not the reader's address: it stays a
 * failure and is retried. Null for anything else (4xx, connection trouble).
 */
export function permanentRefusal(err: unknown): string | null {
  const e = err as SmtpError | null;
  if (!e || typeof e.responseCode !== 'number' || e.responseCode < 500 || e.responseCode > 599) return null;
  if (e.command !== 'RCPT TO' && e.command !== 'DATA') return null;
  return (e.response ?? String(e.responseCode)).slice(0, 1000);
}

/**
 * Sends through the deployment's SMTP server (SMTP_URL) with nodemailer; pooled, made on first use.
 * The envelope sender (where bounces go) is always the deployment's MAIL_FROM; a site with its own
 * sender address has it as From, and MAIL_FROM as Sender (RFC 5322: who transmitted it for the site).
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(private readonly config: NotificationsConfig) {}

  /** Answers the Message-ID; throws what the server (or the connection) refused. `signal` abandons the wait. */
  async send(mail: OutgoingEmail, signal: AbortSignal): Promise<string> {
    if (!this.config.smtpUrl) throw new Error('No SMTP_URL: this deployment sends no email');
    this.transport ??= createTransport({
      url: this.config.smtpUrl,
      pool: true,
      maxConnections: 5,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    const own = mail.from.address && mail.from.address.toLowerCase() !== this.config.mailFrom.toLowerCase() ? mail.from.address : null;
    const sending = this.transport.sendMail({
      from: { name: mail.from.name, address: own ?? this.config.mailFrom },
      sender: own ? this.config.mailFrom : undefined,
      envelope: { from: this.config.mailFrom, to: mail.to },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason as Error);
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
    const info = (await Promise.race([sending, aborted])) as { messageId?: string };
    return info.messageId ?? '';
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
