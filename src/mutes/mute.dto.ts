import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PageQuery } from '../common/site-query';

export class MutesQuery extends PageQuery {}

export class MuteDto {
  @ApiProperty({ example: 'u-42', description: 'the reader to mute: the `author.id` of their comments' })
  @IsString()
  @Length(1, 200)
  userId: string;
}
