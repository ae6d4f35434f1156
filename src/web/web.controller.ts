import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../common/api-error';
import { EnvConfig } from '../config/config';
import { Asset, AssetStore } from './web-assets';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import { SiteId } from '../sites/request-site';

/** The widget's translations (dist/web/locales/), fetched by embed.js in that language; anything else is a 404. */
const LOCALE_FILES = new Set(['de.json', 'fr.json', 'es.json']);

/** Files a page may load from /web/; anything else is a 404 (no path ever reaches the disk). */
const PAGE_ASSETS = new Set(['moderate.js', 'demo.js']);

/**
 * The CSP of the pages Parley serves (dashboard, demo) and of the API docs: own scripts and styles,
 * an inline style block, data: icons, never framed.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // 'self' covers ws:/wss: to this host and no other (CSP3): the socket never goes elsewhere.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The pages people use: the embed widget's script, the moderator dashboard and the demo article.
 * Serves the bundles scripts/build-web.js wrote to dist/web (no static-file plugin on purpose).
 */
@ApiExcludeController()
@Controller()
export class WebController {
  private readonly assets = new AssetStore();

  constructor(private readonly config: EnvConfig) {}

  /** The one script tag publishers add; cached briefly since its URL carries no version. */
  @Get('embed.js')
  embed(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const asset = this.need('embed.js');
    reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
    this.send(req, reply, asset, 'public, max-age=300, stale-while-revalidate=86400');
  }

  /**
   * What only a signed-in reader or a moderator uses (bell, account menu, muted people, the forms under a comment):
   * fetched by embed.js from beside itself once a token is present (src/web/client/embed/extras-api.ts); served like embed.js.
   */
  @Get('embed-extras.js')
  embedExtras(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const asset = this.need('embed-extras.js');
    reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
    this.send(req, reply, asset, 'public, max-age=300, stale-while-revalidate=86400');
  }

  /** The comment counts script for index pages (src/web/client/count), served like embed.js. */
  @Get('count.js')
  count(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const asset = this.need('count.js');
    reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
    this.send(req, reply, asset, 'public, max-age=300, stale-while-revalidate=86400');
  }

  /** A translation of the widget (src/web/client/embed/locales), fetched cross-origin by embed.js; cached like it. */
  @Get('embed/locales/:file')
  locale(@Param('file') file: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!LOCALE_FILES.has(file)) throw notFound('NOT_FOUND', `No translation ${file}`);
    const asset = this.need(`locales/${file}`);
    reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
    this.send(req, reply, asset, 'public, max-age=300, stale-while-revalidate=86400');
  }

  @Get('web/:file')
  asset(@Param('file') file: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!PAGE_ASSETS.has(file)) throw notFound('NOT_FOUND', `No file ${file}`);
    const asset = this.need(file);
    const versioned = (req.query as Record<string, string | undefined>)?.v === asset.hash;
    this.send(req, reply, asset, versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
  }

  /** The dashboard; the staff links' pages (`path` in docs/API.md) are its views, the token in the fragment. */
  @Get(['moderate', 'moderate/accept', 'moderate/reset'])
  moderate(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    this.page(req, reply, 'moderate.html', {});
  }

  /** The demo article; like the demo sign-in it exists only while `config.demoEnabled`. */
  @Get('demo')
  demo(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @SiteId() site: string): void {
    if (!this.config.demoEnabled) throw notFound('NOT_FOUND', 'Cannot GET /demo');
    const base = this.config.PUBLIC_URL ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    // /demo?site=<id> shows the demo article on that site (the guard has checked it exists).
    const onSite = site === DEFAULT_SITE_ID ? '' : site;
    this.page(req, reply, 'demo.html', { ARTICLE_URL: `${base.replace(/\/$/, '')}/demo${onSite ? `?site=${onSite}` : ''}`, SITE: onSite });
  }

  private need(name: string): Asset {
    const asset = this.assets.get(name);
    if (!asset) throw notFound('NOT_BUILT', `${name} is not built: run npm run build`);
    return asset;
  }

  /** HTML pages name their scripts with a content hash, so the scripts can be cached for good. */
  private page(req: FastifyRequest, reply: FastifyReply, name: string, vars: Record<string, string>): void {
    const html = this.need(name);
    let text = html.body.toString('utf8').replace(/%ASSET:([\w.-]+)%/g, (_, file: string) => {
      const a = this.assets.get(file);
      return file === 'embed.js' ? '/embed.js' : `/web/${file}${a ? `?v=${a.hash}` : ''}`;
    });
    text = text.replace(/%([A-Z_]+)%/g, (m, key: string) => (key in vars ? escapeAttr(vars[key]) : m));
    reply
      .header('Content-Security-Policy', PAGE_CSP)
      .header('X-Frame-Options', 'DENY')
      .header('Referrer-Policy', 'same-origin')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'no-cache')
      .type(html.type)
      .send(text);
  }

  private send(req: FastifyRequest, reply: FastifyReply, asset: Asset, cache: string): void {
    // Added to CORS's Vary: Origin (the origin is reflected on these too), never replacing it.
    const vary = reply.getHeader('vary');
    reply
      .header('Cache-Control', cache)
      .header('ETag', asset.etag)
      .header('Vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding')
      .header('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === asset.etag) {
      reply.status(304).send();
      return;
    }
    reply.type(asset.type);
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      reply.header('Content-Encoding', 'gzip').send(asset.gzip);
    } else {
      reply.send(asset.body);
    }
  }
}
