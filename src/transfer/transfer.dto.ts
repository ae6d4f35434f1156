import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { SiteScopedQuery } from '../common/site-query';
import { IMPORT_FORMATS, ImportFormat } from './formats/types';
import { MappingKind, MAPPINGS } from './mapping';

/** POST /import's query: the file itself is the request body. */
export class ImportQuery extends SiteScopedQuery {
  @ApiPropertyOptional({ enum: IMPORT_FORMATS, description: 'the format of the file (required)' })
  @IsIn(IMPORT_FORMATS, { message: `format must be one of ${IMPORT_FORMATS.join(', ')}` })
  format: ImportFormat;

  @ApiPropertyOptional({ enum: MAPPINGS, default: 'identifier', description: 'how a source thread names its article' })
  @IsOptional()
  @IsIn(MAPPINGS, { message: `mapping must be one of ${MAPPINGS.join(', ')}` })
  mapping?: MappingKind;

  @ApiPropertyOptional({ maxLength: 500, description: 'for mapping=pattern: a regular expression whose first capture group is the article id' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pattern?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'read and map everything, write nothing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}
