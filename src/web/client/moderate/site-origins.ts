import { A } from './account-strings';

/** An origin as the service stores it (site.dto.ts): scheme, lower-case host, optional port, nothing after. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
const MAX_ORIGINS = 50;

/**
 * The allowed origins typed one per line: each trimmed, an address with nothing after its host
 * ("https://News.example/") taken as its origin, repeats dropped; what is not an origin is named by its line.
 */
export function readOrigins(text: string): { origins: string[]; errors: string[] } {
  const origins: string[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let origin = line;
    try {
      const u = new URL(line);
      const bare = u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password && !line.endsWith('?') && !line.endsWith('#');
      if ((u.protocol === 'http:' || u.protocol === 'https:') && bare) origin = u.origin;
    } catch {
      /* not an address: refused below */
    }
    if (!ORIGIN.test(origin)) errors.push(A.badOrigin(i + 1, line));
    else if (!origins.includes(origin)) origins.push(origin);
  });
  if (origins.length > MAX_ORIGINS) errors.push(A.tooManyOrigins);
  return { origins, errors };
}

/** The tag a publisher puts on an article page to show this site's comments. */
export function embedCode(siteId: string): string {
  return [
    '<div id="parley-comments"></div>',
    `<script src="${location.origin}/embed.js" data-site="${siteId}" data-article-id="ARTICLE-ID" data-article-title="Article title" data-article-url="https://news.example/article" async></script>`,
  ].join('\n');
}
