import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { SiteScopedQuery } from '../common/site-query';

export class MutesQuery extends SiteScopedQuery {
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

export class MuteDto {
  @ApiProperty({ example: 'u-42', description: 'the reader to mute: the `author.id` of their comments' })
  @IsString()
  @Length(1, 200)
  userId: string;
}
