#!/usr/bin/env node
'use strict';
/**
 * The floor: the bench's scenarios served by plain node:http + pg + socket.io on Parley's schema,
 * with Parley's queries and response shapes and no framework, validation library, ORM, logger,
 * moderation pipeline or markdown. What the service costs on top of this is what its layers cost.
 *
 *   GET  /health
 *   GET  /api/v1/articles/:articleId/comments?limit&cursor   (newest first; the service's SQL)
 *   GET  /api/v1/comments/:id/replies?limit&cursor            (oldest first; the service's SQL)
 *   GET  /api/v1/counts?articleIds=a,b,c
 *   POST /api/v1/articles/:articleId/comments {body}          (Bearer HS256 token)
 *   socket.io /socket.io: join {articleId} -> ack {ok, cursor}; leave; comment.created, article.count
 *
 * Posting does the service's writes: user upsert and article row first, then one transaction that
 * inserts the comment, bumps the article, author and site counters and appends the event rows;
 * after commit it broadcasts to the article's room. Env: DATABASE_URL, JWT_SECRET, PORT, HOST.
 */
const crypto = require('node:crypto');
const http = require('node:http');
const { Pool } = require('pg');
const { Server } = require('socket.io');
const { v7: uuidv7 } = require('uuid');

const PORT = Number(process.env.PORT || 3100);
const HOST = process.env.HOST || '127.0.0.1';
const SECRET = process.env.JWT_SECRET ?? '';
if (!process.env.DATABASE_URL || !SECRET) {
  console.error('reference: DATABASE_URL and JWT_SECRET are required');
  process.exit(1);
}
// The service's pool: pg with at most 20 connections and a statement timeout.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, statement_timeout: 15000 });
pool.on('error', (err) => console.error('reference: pg pool', err.message));

const ARTICLE_ID = /^[A-Za-z0-9._:~/-]{1,200}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_BODY = 1024 * 1024;
const MAX_LENGTH = 5000;

// ---- the service's SQL ---------------------------------------------------------------------

const COLUMNS = `c.id, c.site_id, c.article_id, c.parent_id, c.depth, c.author_id, u.name AS author_name, c.body, c.html,
  c.status, c.reasons, c.featured, c.moderated, c.like_count, c.reply_count, c.open_report_count,
  c.created_at, c.edited_at, c.decided_at`;
const FROM = `comments c JOIN users u ON u.site_id = c.site_id AND u.id = c.author_id`;
// The default site: what the bench's requests name (no `site` parameter)
const SITE = `'default'`;
const VISIBLE = `(c.status = 'approved' OR (c.status IN ('deleted','rejected') AND c.reply_count > 0)
    OR (c.author_id = $2 AND c.status IN ('pending','rejected')))`;

const SQL = {
  list: (keyset) => `SELECT ${COLUMNS} FROM ${FROM}
    WHERE c.site_id = ${SITE} AND c.article_id = $1 AND c.parent_id IS NULL AND ${VISIBLE} ${keyset ? 'AND c.id < $4::uuid' : ''}
    ORDER BY c.site_id DESC, c.article_id DESC, c.id DESC LIMIT $3`,
  total: `SELECT comment_count FROM articles WHERE site_id = ${SITE} AND id = $1`,
  one: `SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1 AND c.site_id = ${SITE}`,
  replies: (keyset) => `SELECT ${COLUMNS} FROM ${FROM}
    WHERE c.parent_id = $1 AND c.site_id = ${SITE} AND ${VISIBLE} ${keyset ? 'AND c.id > $4::uuid' : ''}
    ORDER BY c.id ASC LIMIT $3`,
  counts: `SELECT id, comment_count FROM articles WHERE site_id = ${SITE} AND id = ANY($1)`,
  upsertUser: `INSERT INTO users (site_id, id, name, email, role, status, premod) VALUES (${SITE}, $1, $2, $3, $4, 'active', false)
    ON CONFLICT (site_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role,
      updated_at = CASE WHEN (users.name, users.email, users.role) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.role)
                        THEN now() ELSE users.updated_at END
    RETURNING status`,
  ensureArticle: `INSERT INTO articles (site_id, id) VALUES (${SITE}, $1) ON CONFLICT (site_id, id) DO NOTHING`,
  insert: `INSERT INTO comments (id, site_id, article_id, parent_id, depth, author_id, body, html, status, reasons, moderated, created_at)
    VALUES ($1, ${SITE}, $2, NULL, 0, $3, $4, $5, 'approved', '{}', false, now()) RETURNING created_at`,
  bumpArticle: `UPDATE articles SET comment_count = comment_count + 1, unmoderated_count = unmoderated_count + 1
    WHERE site_id = ${SITE} AND id = $1 RETURNING comment_count`,
  bumpAuthor: `UPDATE users SET approved_count = approved_count + 1 WHERE site_id = ${SITE} AND id = $1`,
  events: `INSERT INTO events (article_id, type, payload) VALUES ($1, 'comment.created', $2), ($1, 'article.count', $3) RETURNING id`,
  bumpSite: `UPDATE site_counters SET unmoderated_count = unmoderated_count + 1 WHERE site_id = ${SITE} AND shard = 0`,
  latest: `SELECT max(id) AS id FROM events WHERE article_id = $1`,
};

// ---- shapes ----------------------------------------------------------------------------------

function view(r) {
  const tombstone = r.status === 'deleted' || r.status === 'rejected';
  return {
    id: r.id,
    articleId: r.article_id,
    parentId: r.parent_id,
    author: tombstone ? null : { id: r.author_id, name: r.author_name },
    body: tombstone ? '' : r.body,
    html: tombstone ? '' : r.html,
    status: tombstone ? 'deleted' : r.status,
    createdAt: new Date(r.created_at).toISOString(),
    editedAt: r.edited_at ? new Date(r.edited_at).toISOString() : null,
    replyCount: Number(r.reply_count),
    reactions: { like: Number(r.like_count) },
    viewerReacted: false,
    featured: r.featured,
  };
}

const encodeCursor = (key) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor) {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 1 && typeof key[0] === 'string' && UUID.test(key[0])) return key[0];
  } catch {}
  throw new HttpError(400, 'INVALID_CURSOR', 'cursor is not one this endpoint issued');
}

function page(rows, limit) {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(view);
  return { items, nextCursor: more ? encodeCursor([items[items.length - 1].id]) : null };
}

function limitOf(q) {
  const raw = q.get('limit');
  if (raw === null) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new HttpError(400, 'VALIDATION_FAILED', 'limit must be 1-100');
  return n;
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// ---- tokens (HS256, the service's claims) --------------------------------------------------

function verify(header) {
  const m = /^Bearer\s+(\S+)$/i.exec(header || '');
  if (!m) throw new HttpError(401, 'AUTH_REQUIRED', 'Sign in to do this (Authorization: Bearer <token>)');
  const [h, p, s] = m[1].split('.');
  if (!h || !p || !s) throw new HttpError(401, 'TOKEN_INVALID', 'Token is invalid');
  const expected = crypto.createHmac('sha256', SECRET).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new HttpError(401, 'TOKEN_INVALID', 'Token is invalid');
  let header_, claims;
  try {
    header_ = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new HttpError(401, 'TOKEN_INVALID', 'Token is invalid');
  }
  if (header_.alg !== 'HS256') throw new HttpError(401, 'TOKEN_INVALID', 'Token is invalid');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) throw new HttpError(401, 'TOKEN_EXPIRED', 'Token has expired');
  if (typeof claims.sub !== 'string' || !claims.sub || typeof claims.name !== 'string' || !claims.name.trim()) {
    throw new HttpError(401, 'TOKEN_INVALID', 'Token needs `sub` and `name` claims');
  }
  return { id: claims.sub, name: claims.name.trim(), email: typeof claims.email === 'string' ? claims.email : null, role: claims.role || 'reader' };
}

// ---- handlers --------------------------------------------------------------------------------

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function list(articleId, q) {
  if (!ARTICLE_ID.test(articleId)) throw new HttpError(400, 'INVALID_ARTICLE_ID', 'bad articleId');
  const limit = limitOf(q);
  const sort = q.get('sort') || 'newest';
  if (sort !== 'newest') throw new HttpError(400, 'VALIDATION_FAILED', 'the reference serves sort=newest only');
  const after = decodeCursor(q.get('cursor'));
  const params = [articleId, null, limit + 1];
  if (after) params.push(after);
  const [rows, article] = await Promise.all([pool.query(SQL.list(!!after), params), pool.query(SQL.total, [articleId])]);
  return { ...page(rows.rows, limit), total: Number(article.rows[0]?.comment_count ?? 0) };
}

async function replies(id, q) {
  const limit = limitOf(q);
  const after = decodeCursor(q.get('cursor'));
  if (!UUID.test(id)) throw new HttpError(404, 'COMMENT_NOT_FOUND', `No comment ${id}`);
  // The service looks the parent up first (404 unless visible), then lists.
  const {
    rows: [parent],
  } = await pool.query(SQL.one, [id]);
  if (!parent || !(parent.status === 'approved' || (['deleted', 'rejected'].includes(parent.status) && parent.reply_count > 0))) {
    throw new HttpError(404, 'COMMENT_NOT_FOUND', `No comment ${id}`);
  }
  const params = [id, null, limit + 1];
  if (after) params.push(after);
  const { rows } = await pool.query(SQL.replies(!!after), params);
  return page(rows, limit);
}

async function counts(q) {
  const raw = q.get('articleIds');
  const ids = [...new Set((raw || '').split(',').filter((s) => s !== ''))];
  if (!ids.length) throw new HttpError(400, 'VALIDATION_FAILED', 'articleIds must name at least one article');
  if (ids.length > 100) throw new HttpError(400, 'TOO_MANY_IDS', 'articleIds takes at most 100 ids');
  for (const id of ids) if (!ARTICLE_ID.test(id)) throw new HttpError(400, 'INVALID_ARTICLE_ID', 'bad articleId');
  const result = Object.fromEntries(ids.map((id) => [id, 0]));
  const { rows } = await pool.query(SQL.counts, [ids]);
  for (const r of rows) result[r.id] = Number(r.comment_count);
  return { counts: result };
}

async function post(articleId, req, raw) {
  if (!ARTICLE_ID.test(articleId)) throw new HttpError(400, 'INVALID_ARTICLE_ID', 'bad articleId');
  const viewer = verify(req.headers.authorization);
  let dto;
  try {
    dto = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'INVALID_BODY', 'Request body must be JSON');
  }
  if (!dto || typeof dto.body !== 'string') throw new HttpError(400, 'VALIDATION_FAILED', 'body must be a string');
  const body = dto.body.replace(/\r\n?/g, '\n').trim();
  if (!body) throw new HttpError(400, 'COMMENT_EMPTY', 'body must not be empty');
  if ([...body].length > MAX_LENGTH) throw new HttpError(400, 'COMMENT_TOO_LONG', `body must be at most ${MAX_LENGTH} characters`);
  const html = `<p>${escapeHtml(body).replace(/\n/g, '<br>')}</p>`;

  const {
    rows: [user],
  } = await pool.query(SQL.upsertUser, [viewer.id, viewer.name, viewer.email, viewer.role]);
  if (user.status === 'banned') throw new HttpError(403, 'USER_BANNED', 'This account is banned from commenting');
  await pool.query(SQL.ensureArticle, [articleId]);

  const id = uuidv7();
  const client = await pool.connect();
  let comment, total, cursors;
  try {
    await client.query('BEGIN');
    const {
      rows: [row],
    } = await client.query(SQL.insert, [id, articleId, viewer.id, body, html]);
    const {
      rows: [article],
    } = await client.query(SQL.bumpArticle, [articleId]);
    await client.query(SQL.bumpAuthor, [viewer.id]);
    total = Number(article.comment_count);
    comment = view({
      id,
      article_id: articleId,
      parent_id: null,
      author_id: viewer.id,
      author_name: viewer.name,
      body,
      html,
      status: 'approved',
      created_at: row.created_at,
      edited_at: null,
      reply_count: 0,
      like_count: 0,
      featured: false,
    });
    const { rows: events } = await client.query(SQL.events, [articleId, JSON.stringify({ comment }), JSON.stringify({ articleId, total })]);
    cursors = events.map((e) => String(e.id));
    await client.query(SQL.bumpSite);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  const room = io.to(`article:${articleId}`);
  room.emit('comment.created', { comment, cursor: cursors[0] });
  room.emit('article.count', { articleId, total, cursor: cursors[1] });
  return comment;
}

// ---- http ------------------------------------------------------------------------------------

function send(res, status, payload) {
  const data = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

function fail(res, err) {
  if (err instanceof HttpError) {
    const error = http.STATUS_CODES[err.status];
    return send(res, err.status, { statusCode: err.status, error, code: err.code, message: err.message });
  }
  console.error('reference:', err);
  send(res, 500, { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'Internal error' });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', 'Body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const ARTICLE_COMMENTS = /^\/api\/v1\/articles\/([^/]+)\/comments$/;
const REPLIES = /^\/api\/v1\/comments\/([^/]+)\/replies$/;

async function route(req, res) {
  const qi = req.url.indexOf('?');
  const path = qi === -1 ? req.url : req.url.slice(0, qi);
  const q = new URLSearchParams(qi === -1 ? '' : req.url.slice(qi + 1));
  let m;
  if (req.method === 'GET') {
    if (path === '/health') return send(res, 200, { status: 'ok' });
    if (path === '/api/v1/counts') return send(res, 200, await counts(q));
    if ((m = ARTICLE_COMMENTS.exec(path))) return send(res, 200, await list(decodeURIComponent(m[1]), q));
    if ((m = REPLIES.exec(path))) return send(res, 200, await replies(decodeURIComponent(m[1]), q));
  } else if (req.method === 'POST' && (m = ARTICLE_COMMENTS.exec(path))) {
    const raw = await readBody(req);
    return send(res, 201, await post(decodeURIComponent(m[1]), req, raw));
  }
  throw new HttpError(404, 'NOT_FOUND', `Cannot ${req.method} ${path}`);
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => fail(res, err));
});
server.keepAliveTimeout = 72_000;

// ---- socket.io: the service's options and join/leave contract --------------------------------

const io = new Server(server, {
  path: '/socket.io',
  cors: { origin: true, credentials: false },
  maxHttpBufferSize: 16 * 1024,
  pingInterval: 25_000,
  pingTimeout: 20_000,
  perMessageDeflate: false,
});

io.on('connection', (socket) => {
  const latest = async (articleId) => String((await pool.query(SQL.latest, [articleId])).rows[0]?.id ?? 0);
  socket.on('join', async (data, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const articleId = data && typeof data === 'object' ? data.articleId : undefined;
    if (typeof articleId !== 'string' || !ARTICLE_ID.test(articleId)) {
      return reply({ ok: false, error: { code: 'INVALID_ARTICLE_ID', message: 'bad articleId' } });
    }
    try {
      await socket.join(`article:${articleId}`);
      reply({ ok: true, cursor: await latest(articleId) });
    } catch (err) {
      console.error('reference: join', err.message);
      reply({ ok: false, error: { code: 'INTERNAL_ERROR', message: 'Could not join; try again' } });
    }
  });
  socket.on('leave', async (data, ack) => {
    const articleId = data && typeof data === 'object' ? data.articleId : undefined;
    if (typeof articleId !== 'string' || !ARTICLE_ID.test(articleId)) return;
    await socket.leave(`article:${articleId}`);
    if (typeof ack === 'function') ack({ ok: true, cursor: await latest(articleId).catch(() => '0') });
  });
});

server.listen(PORT, HOST, () => console.log(`reference listening on http://${HOST}:${PORT}`));

function shutdown() {
  io.close();
  server.close();
  pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
