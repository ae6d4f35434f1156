import type { TestApp } from '../support/app';
import { Actors, startAppWithActors } from '../support/factories';
import { FAST_JOBS, SmtpSink } from './notify-helpers';

/** The service on a fresh database mailing through its own SMTP server process (quick jobs, no flood limit), with one close for both. */
export interface MailApp {
  sink: SmtpSink;
  t: TestApp;
  who: Actors;
  close(): Promise<void>;
}

export async function startMailApp(mailFrom = 'comments@news.test'): Promise<MailApp> {
  const sink = await SmtpSink.start();
  try {
    const { t, a } = await startAppWithActors({ ...FAST_JOBS, SMTP_URL: sink.url, MAIL_FROM: mailFrom });
    const close = async () => {
      await t.close();
      await sink.close();
    };
    return { sink, t, who: a, close };
  } catch (e) {
    await sink.close();
    throw e;
  }
}
