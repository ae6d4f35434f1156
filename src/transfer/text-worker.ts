import { parentPort } from 'node:worker_threads';
import { cleanBody, renderBody } from '../common/render';
import { htmlToMarkdown } from './html-to-markdown';

/** A comment's text as the source holds it. */
export type SourceText = { html: string } | { markdown: string };

/** The body Parley stores (light markdown) and its HTML, rendered as any comment's is. */
export function convertText(t: SourceText): { body: string; html: string } {
  const body = 'markdown' in t ? cleanBody(t.markdown) : htmlToMarkdown(t.html);
  return { body, html: renderBody(body) };
}

// Run as a worker of TextPool: each message is a job's texts, answered in the same order.
parentPort?.on('message', (job: { id: number; texts: SourceText[] }) => {
  try {
    const out = job.texts.map(convertText);
    parentPort!.postMessage({ id: job.id, bodies: out.map((o) => o.body), htmls: out.map((o) => o.html) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message });
  }
});
