import { HttpStatus, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { ApiError } from '../common/api-error';
import { EnvConfig } from '../config/config';
import { SIGNIN_FAILURES_PER_EMAIL, SIGNIN_FAILURES_PER_IP, SIGNIN_WINDOW_S } from './staff-types';

/**
 * Counts failed sign-ins (wrong password, wrong TOTP code) per address and per client IP over a
 * window; once either budget is spent, attempts are refused (429, Retry-After) before any password
 * is checked, right or wrong. With Redis the counts are shared by every instance (and each instance
 * counts on its own while Redis is unreachable), as for the write limit.
 */
@Injectable()
export class SigninLimiter implements OnModuleDestroy {
  private readonly logger = new Logger('SigninLimiter');
  private readonly redis?: Redis;
  private readonly byEmail: RateLimiterAbstract;
  private readonly byIp: RateLimiterAbstract;

  constructor(config: EnvConfig) {
    if (config.REDIS_URL) {
      this.redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      // The insurance limiter counts per instance meanwhile; say so once per outage.
      let down = false;
      this.redis.on('error', (e: Error) => {
        if (!down) this.logger.warn(`Redis unreachable, sign-in limits count per instance until it returns: ${e.message}`);
        down = true;
      });
      this.redis.on('ready', () => (down = false));
    }
    const prefix = `${config.REDIS_PREFIX}:staff-signin`;
    this.byEmail = this.build(`${prefix}:email`, SIGNIN_FAILURES_PER_EMAIL);
    this.byIp = this.build(`${prefix}:ip`, SIGNIN_FAILURES_PER_IP);
  }

  private build(keyPrefix: string, points: number): RateLimiterAbstract {
    const opts = { keyPrefix, points, duration: SIGNIN_WINDOW_S };
    return this.redis ? new RateLimiterRedis({ ...opts, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(opts) }) : new RateLimiterMemory(opts);
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  /** Throws 429 RATE_LIMITED when the address or the IP has no failures left in the window. */
  async check(email: string, ip: string | null): Promise<void> {
    const [e, i] = await Promise.all([this.byEmail.get(emailKey(email)), ip ? this.byIp.get(ip) : null]);
    const blocked = [
      e && e.consumedPoints >= SIGNIN_FAILURES_PER_EMAIL ? e.msBeforeNext : 0,
      i && i.consumedPoints >= SIGNIN_FAILURES_PER_IP ? i.msBeforeNext : 0,
    ];
    const wait = Math.max(...blocked);
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      const err = new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `Too many failed sign-ins; try again in ${retryAfter} s`);
      (err.getResponse() as Record<string, unknown>).retryAfter = retryAfter;
      throw err;
    }
  }

  /** Counts one failure against the address and the IP. */
  async fail(email: string, ip: string | null): Promise<void> {
    // penalty() adds points without refusing: check() is what refuses.
    await Promise.all([this.byEmail.penalty(emailKey(email)), ip ? this.byIp.penalty(ip) : null]);
  }

  /** A successful sign-in (or a password reset) clears the address's count; the IP's stays. */
  async clear(email: string): Promise<void> {
    await this.byEmail.delete(emailKey(email));
  }
}

const emailKey = (email: string) => email.trim().toLowerCase();
