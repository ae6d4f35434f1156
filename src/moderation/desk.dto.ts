import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { STATS_MAX_DAYS } from '../common/desk-contract';
import { SiteScopedQuery } from '../common/site-query';

export class StatsQuery extends SiteScopedQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: STATS_MAX_DAYS, default: 7, description: 'how many UTC days, today included' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(STATS_MAX_DAYS)
  days?: number;
}
