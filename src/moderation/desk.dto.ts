import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min } from 'class-validator';
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

  @ApiPropertyOptional({ description: 'a free range instead of `days`: its start (ISO-8601), with `to`' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: `the free range's end (ISO-8601, exclusive), after \`from\` and at most ${STATS_MAX_DAYS} days from it` })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}
