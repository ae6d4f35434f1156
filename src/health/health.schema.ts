import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** One dependency's state as /health reports it. */
export interface DependencyHealth {
  status: 'up' | 'down' | 'unknown';
  /** How long the check took (database, Redis) or the last call took (toxicity scorer). */
  latencyMs?: number;
  /** Why it is down, or what is unknown. */
  message?: string;
  /** When the state was seen, for the toxicity scorer (its last call, not a check of its own). */
  checkedAt?: string;
}

/**
 * `ok`: every dependency is up. `degraded`: the service serves, but Redis or the toxicity scorer
 * is down. `error`: the database is down and the answer is 503. `info`, `error` and `details` keep
 * the shape of the earlier (Terminus) answer.
 */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'error';
  info: Record<string, DependencyHealth>;
  error: Record<string, DependencyHealth>;
  details: Record<string, DependencyHealth>;
}

@ApiSchema({ name: 'DependencyHealth' })
export class DependencyHealthSchema implements DependencyHealth {
  @ApiProperty({ enum: ['up', 'down', 'unknown'] }) status: 'up' | 'down' | 'unknown';
  @ApiPropertyOptional({ type: 'integer', description: 'time the check (or, for the toxicity scorer, its last call) took' }) latencyMs?: number;
  @ApiPropertyOptional({ example: 'timed out after 1500 ms' }) message?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'when the toxicity scorer was last called' }) checkedAt?: string;
}

const DEPENDENCIES = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/DependencyHealth' },
  description: 'by dependency: database, redis (when REDIS_URL is set), toxicity (when TOXICITY_URL is set)',
} as const;

@ApiSchema({ name: 'Health', description: '200 while the service can serve (status ok or degraded), 503 when the database is down (status error)' })
export class HealthSchema implements HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded', 'error'] }) status: 'ok' | 'degraded' | 'error';
  @ApiProperty({ ...DEPENDENCIES, description: 'the dependencies that are up (or unknown)' }) info: Record<string, DependencyHealth>;
  @ApiProperty({ ...DEPENDENCIES, description: 'the dependencies that are down' }) error: Record<string, DependencyHealth>;
  @ApiProperty(DEPENDENCIES) details: Record<string, DependencyHealth>;
}
