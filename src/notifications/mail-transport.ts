import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { NotificationsConfig } from './notifications-config';

export interface OutgoingEmail {
  fromName: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Longest one SMTP conversation may stall at any step. */
const SMTP_TIMEOUT_MS = 30_000;

/** Sends through the deployment's SMTP server (SMTP_URL) with nodemailer; pooled, made on first use. */
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
    const sending = this.transport.sendMail({
      from: { name: mail.fromName, address: this.config.mailFrom },
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
