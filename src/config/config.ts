import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Environment variables Parley reads; validated once at boot so a typo fails loudly. */
export class EnvConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsString()
  PARLEY_DATA_DIR = './data';

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  /** PEM public key; when set, RS256 tokens signed by the matching private key are accepted too. */
  @IsOptional()
  @IsString()
  JWT_PUBLIC_KEY?: string;

  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;

  /** Channel prefix on Redis: deployments (or test runs) sharing one Redis stay apart. */
  @IsString()
  @MinLength(1)
  REDIS_PREFIX = 'parley';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  TOXICITY_URL?: string;

  @IsOptional()
  @IsString()
  TOXICITY_API_KEY?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 2000 : Number(value)))
  @IsInt()
  @Min(50)
  @Max(60000)
  TOXICITY_TIMEOUT_MS = 2000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  /**
   * Which proxies' X-Forwarded-For to believe for the client's IP: `off` (default: the socket's
   * address), a hop count (`1` behind the shipped nginx), or a comma-separated list of addresses/CIDRs.
   */
  @IsString()
  @Matches(/^(off|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY is off, a hop count or a list of addresses/CIDRs' })
  TRUST_PROXY = 'off';

  /** The demo page and its token endpoint: `on` or `off`; unset, on only for the embedded default outside production. */
  @IsOptional()
  @IsIn(['on', 'off'])
  DEMO?: 'on' | 'off';

  /** The API docs at /api/docs: `on` or `off`; unset, on outside production. */
  @IsOptional()
  @IsIn(['on', 'off'])
  API_DOCS?: 'on' | 'off';

  /** A request whose body has not fully arrived by then is answered 408. */
  @Transform(({ value }) => (value === undefined || value === '' ? 10000 : Number(value)))
  @IsInt()
  @Min(1000)
  @Max(600000)
  REQUEST_TIMEOUT_MS = 10000;

  /** PostgreSQL statement_timeout for every query of the service. */
  @Transform(({ value }) => (value === undefined || value === '' ? 5000 : Number(value)))
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_STATEMENT_TIMEOUT_MS = 5000;

  /** How long to wait for a database connection (new or from the pool) before answering 503. */
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_CONNECT_TIMEOUT_MS = 3000;

  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE = 20;

  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics is open (keep it off the public proxy). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** After SIGTERM: stop accepting, finish in-flight work and deliver its events within this, then exit. */
  @Transform(({ value }) => (value === undefined || value === '' ? 10000 : Number(value)))
  @IsInt()
  @Min(100)
  @Max(600000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }
  get embedded(): boolean {
    return !this.DATABASE_URL;
  }
  get demoEnabled(): boolean {
    return this.DEMO ? this.DEMO === 'on' : this.embedded && !this.production;
  }
  get apiDocsEnabled(): boolean {
    return this.API_DOCS ? this.API_DOCS === 'on' : !this.production;
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new EnvConfig())) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  if (env.NODE_ENV === undefined) raw.NODE_ENV = 'development';
  const config = plainToInstance(EnvConfig, raw);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.production && !config.JWT_SECRET && !config.JWT_PUBLIC_KEY) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET is required when NODE_ENV=production');
  }
  return config;
}
