import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { SITE_ID } from '../common/staff-contract';

const SITE_ID_MESSAGE = 'id must be 1-63 lower-case letters, digits and dashes, starting with a letter or digit';
/** An origin as browsers send it: scheme, host and an optional port, nothing after. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
const ORIGIN_MESSAGE = 'each origin must be like https://news.example or http://localhost:8080 (no path, lower case)';

export class CreateSiteDto {
  @ApiProperty({ example: 'evening-post', description: 'lower-case letters, digits and dashes; it cannot be changed later' })
  @IsString()
  @Matches(SITE_ID, { message: SITE_ID_MESSAGE })
  id: string;

  @ApiProperty({ example: 'The Evening Post', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['https://eveningpost.example'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(ORIGIN, { each: true, message: ORIGIN_MESSAGE })
  origins?: string[];
}

export class UpdateSiteDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: [String], description: 'origins the widget may run on; empty: any' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(ORIGIN, { each: true, message: ORIGIN_MESSAGE })
  origins?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'PEM RSA public key for RS256 reader tokens; null removes it' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(10_000)
  rsPublicKey?: string | null;
}
