import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

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
