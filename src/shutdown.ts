import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { ErrorBody } from './common/contract';
import { TxService } from './events/tx.service';
import { LiveRelay } from './live/live-relay';

/** What a request gets once shutdown has begun: the load balancer (or the client) sends it elsewhere. */
export const SHUTTING_DOWN: ErrorBody = {
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'SHUTTING_DOWN',
  message: 'This instance is shutting down; send the request again',
};

/** Of the shutdown bound, what is kept for closing sockets, Redis and the database after the drain. */
const CLOSE_SHARE = 0.3;
/** How long the events of the last writes get to reach Redis. */
const FLUSH_MS = 1000;
/**
 * After the drain, how long idle kept-alive connections stay open (at most a fifth of the bound):
 * a client that sends on one meanwhile gets the 503 and `Connection: close` rather than a
 * connection closed under its request.
 */
const LINGER_MS = 1000;

/** Per application: whether it drains, and the requests it is still answering. */
class Drain {
  draining = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  enter(): void {
    this.inFlight += 1;
  }

  leave(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }

  get requests(): number {
    return this.inFlight;
  }

  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

const drains = new WeakMap<object, Drain>();

/**
 * Counts the requests in flight and, once shutdown has begun, answers every new one (on a kept-alive
 * connection too) 503 SHUTTING_DOWN with `Connection: close`. Added after Nest's CORS hook, so a
 * browser can read the 503 as well.
 */
export function useDrain(app: NestFastifyApplication): void {
  const drain = new Drain();
  drains.set(app, drain);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (req, reply, done) => {
    if (drain.draining) {
      void reply.header('Connection', 'close').header('Retry-After', '1').status(503).send(SHUTTING_DOWN);
      return;
    }
    drain.enter();
    // 'close' fires once the response is sent or the connection is gone, whichever comes first.
    reply.raw.once('close', () => drain.leave());
    done();
  });
  // An answer sent while draining closes its connection, so the client's next request goes elsewhere.
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (drain.draining) void reply.header('Connection', 'close');
    done(null, payload);
  });
}

const race = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, ms))))]).finally(() =>
    clearTimeout(timer),
  );
};

/**
 * The orderly stop, within `timeoutMs`: stop accepting (new connections are refused, new requests
 * answered 503), let the requests and transactions in flight finish, see their events reach Redis
 * so the other instances' readers get them, then close sockets, the adapter, Redis and the
 * database. Resolves true when all of that happened in time.
 */
export async function shutDown(app: NestFastifyApplication, timeoutMs: number, logger = new Logger('Shutdown')): Promise<boolean> {
  const started = Date.now();
  const left = () => timeoutMs - (Date.now() - started);
  const drain = drains.get(app);
  if (drain) drain.draining = true;
  const server: Server = app.getHttpServer();
  // Stop listening only: http.Server#close would also drop the idle kept-alive connections, and a
  // request a client sends on one at that moment would be lost without an answer. They get the 503.
  NetServer.prototype.close.call(server);
  logger.log(`Draining: ${drain?.requests ?? 0} request(s) in flight`);

  const drainBy = timeoutMs * (1 - CLOSE_SHARE);
  const drained = await race(Promise.all([drain?.idle(), app.get(TxService).settled()]), drainBy - (Date.now() - started));
  if (drained === 'timeout') logger.warn(`${drain?.requests ?? 0} request(s) still in flight after ${Date.now() - started} ms; closing anyway`);
  const flushed = await app.get(LiveRelay).flush(Math.min(FLUSH_MS, left()));
  logger.log(`Drained in ${Date.now() - started} ms${flushed ? ', events handed to Redis' : ''}`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(LINGER_MS, timeoutMs / 5, left() - timeoutMs * CLOSE_SHARE))));

  // What is left are idle kept-alive connections and those just answered 503.
  server.closeAllConnections();
  const closed = await race(app.close(), left());
  if (closed === 'timeout') logger.warn(`Not closed within ${timeoutMs} ms`);
  else logger.log(`Closed in ${Date.now() - started} ms`);
  return drained !== 'timeout' && closed !== 'timeout';
}

/**
 * SIGTERM or SIGINT: shutDown, then exit (1 if it did not finish in time). A second signal, or the
 * bound passing with something still hanging, exits at once.
 */
export function exitOnSignals(app: NestFastifyApplication, timeoutMs: number): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: shutting down (at most ${timeoutMs} ms)`);
    // A last resort: whatever hangs, the process is gone shortly after the bound.
    setTimeout(() => process.exit(1), timeoutMs + 500).unref();
    shutDown(app, timeoutMs, logger).then(
      (clean) => process.exit(clean ? 0 : 1),
      (err: Error) => {
        logger.error(`Shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
