import type { ErrorBody } from '../../../common/contract';
import type { ImportReport } from '../../../common/import-contract';
import { ApiError, onSite } from '../shared/api';

const NDJSON = 'application/x-ndjson';

/** One line of the NDJSON answer: progress after each batch, then the report or an error. */
export type ImportLine =
  | { type: 'progress'; total: number; bytes: number; comments: number; imported: number; alreadyImported: number; skipped: number }
  | { type: 'report'; report: ImportReport }
  | ({ type: 'error' } & ErrorBody);

export interface ImportRequest {
  file: Blob;
  site?: string;
  format: string;
  mapping: string;
  pattern?: string;
  dryRun: boolean;
  token?: string | null;
  session?: boolean;
  csrf?: string | null;
}

/**
 * POST /import with the file itself as the body (the browser streams it from disk: it is never
 * read into memory here), asking for NDJSON; each line is handed to `onLine` as it arrives.
 * A refusal before the stream (4xx) throws an ApiError; an error line midway is handed over too.
 */
export async function streamImport(r: ImportRequest, onLine: (line: ImportLine) => void): Promise<void> {
  const q = new URLSearchParams({ format: r.format, mapping: r.mapping, dryRun: String(r.dryRun) });
  if (r.mapping === 'pattern' && r.pattern) q.set('pattern', r.pattern);
  const headers: Record<string, string> = { accept: NDJSON, 'content-type': 'application/octet-stream' };
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  if (r.csrf) headers['x-csrf-token'] = r.csrf;
  let res: Response;
  try {
    res = await fetch(`/api/v1${onSite(`/import?${q}`, r.site)}`, {
      method: 'POST',
      headers,
      body: r.file,
      credentials: r.session ? 'same-origin' : 'omit',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (!res.ok || !res.body) {
    const err = ((await res.json().catch(() => null)) ?? {}) as Partial<ErrorBody>;
    const message = Array.isArray(err.message) ? err.message.join('; ') : String(err.message ?? res.statusText);
    throw new ApiError(res.status, String(err.code ?? `HTTP_${res.status}`), message, Number(res.headers.get('retry-after')) || undefined);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) rest += value;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) onLine(JSON.parse(line) as ImportLine);
    }
    if (done) break;
  }
  if (rest.trim()) onLine(JSON.parse(rest) as ImportLine);
}
