import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { createTestDatabase } from './pg';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface Claims {
  sub: string;
  name?: string;
  role?: string; // 'reader' | 'moderator' | 'admin', or anything else to test refusals
  email?: string;
  [k: string]: unknown;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** http://127.0.0.1:port */
  url: string;
  databaseUrl: string;
  ds: DataSource;
  /** fetch against /api/v1 with JSON in and out; `token` adds the bearer header. */
  api(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  token(claims: Claims | string, opts?: jwt.SignOptions): string;
  close(): Promise<void>;
}

/**
 * Boots the real service on a random port against a fresh PostgreSQL database.
 * `env` sets extra environment (e.g. TOXICITY_URL) for this instance (an empty value unsets a
 * variable); `databaseUrl` shares a database.
 */
export async function startApp(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestApp> {
  const dbUrl = databaseUrl ?? (await createTestDatabase());
  const saved = { ...process.env };
  // DEMO=on: the browser tests sign in through the demo page's token endpoint (a DATABASE_URL
  // deployment has no demo unless asked); pass DEMO: '' to see the default.
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_SECRET, DATABASE_URL: dbUrl, REDIS_URL: '', DEMO: 'on' }, env);
  let app: NestFastifyApplication;
  try {
    app = await createApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
  } finally {
    process.env = saved;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const token = (claims: Claims | string, opts: jwt.SignOptions = {}) => {
    const c = typeof claims === 'string' ? { sub: claims, name: claims } : { name: claims.sub, ...claims };
    return jwt.sign(c, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h', ...opts });
  };
  const api: TestApp['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}/api/v1${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return { app, url, databaseUrl: dbUrl, ds: app.get(DataSource), api, token, close: () => app.close() };
}
