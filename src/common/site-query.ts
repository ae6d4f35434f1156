import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * Every API route takes `?site=` (the global guard resolves it before any handler: 404
 * SITE_NOT_FOUND for an unknown one); query DTOs extend this so the parameter is not refused as unknown.
 */
export class SiteScopedQuery {
  @ApiPropertyOptional({ description: 'the site the request acts on (default: `default`)', example: 'default' })
  @IsOptional()
  @IsString()
  site?: string;
}

/** A site-scoped page of a keyset list: `limit` (1-100, default 20) and the opaque `cursor` of the page before. */
export class PageQuery extends SiteScopedQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
