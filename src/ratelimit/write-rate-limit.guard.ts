import { CanActivate, ExecutionContext, HttpStatus, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { isModerator, Viewer } from '../common/viewer';
import { ApiError } from '../common/api-error';
import { EnvConfig } from '../config/config';
import { SettingsService } from '../settings/settings.service';
import { requestSiteId } from '../sites/request-site';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Caps writes (post, edit, delete, react, report) per reader per minute: 429 with Retry-After.
 * The budget is the `rateLimits.writesPerMinute` setting; with Redis it is shared by all instances.
 * Moderators are not limited: a queue sweep is many writes by design.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate, OnModuleDestroy {
  private readonly logger = new Logger('WriteRateLimit');
  /** One limiter per budget size (sites may set different ones); keys name the site and the writer. */
  private readonly limiters = new Map<number, RateLimiterAbstract>();
  private readonly redis?: Redis;
  /** Set while Redis is unreachable, so an outage is logged once, not once per reconnect attempt. */
  private redisDown = false;

  constructor(
    private readonly settings: SettingsService,
    config: EnvConfig,
  ) {
    if (config.REDIS_URL) {
      this.redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
      // The insurance limiter counts per instance meanwhile; say so once per outage.
      this.redis.on('error', (e: Error) => {
        if (!this.redisDown) this.logger.warn(`Redis unreachable, write limits count per instance until it returns: ${e.message}`);
        this.redisDown = true;
      });
      this.redis.on('ready', () => {
        if (this.redisDown) this.logger.log('Redis reachable again: write limits are shared');
        this.redisDown = false;
      });
    }
    this.prefix = `${config.REDIS_PREFIX}:writes`;
  }

  private limiter(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) this.limiters.set(points, (limiter = this.build(points)));
    return limiter;
  }

  private readonly prefix: string;

  private build(points: number): RateLimiterAbstract {
    const opts = { keyPrefix: `${this.prefix}:${points}`, points, duration: 60 };
    // If Redis is unreachable, each instance keeps counting on its own rather than failing writes.
    return this.redis ? new RateLimiterRedis({ ...opts, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(opts) }) : new RateLimiterMemory(opts);
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { viewer?: Viewer | null }>();
    if (READS.has(req.method) || isModerator(req.viewer)) return true;
    const site = requestSiteId(req);
    const key = req.viewer ? `${site}:u:${req.viewer.id}` : `${site}:ip:${req.ip}`;
    try {
      await this.limiter(this.settings.get(site).rateLimits.writesPerMinute).consume(key);
      return true;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      const err = new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `Too many changes; try again in ${retryAfter} s`);
      (err.getResponse() as Record<string, unknown>).retryAfter = retryAfter;
      throw err;
    }
  }
}
