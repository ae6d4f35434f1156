import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Page } from '../common/contract';
import type { MuteView } from '../common/mute-contract';

/** OpenAPI classes for the mutes answers; each implements its contract type, so the two cannot drift. */

@ApiSchema({ name: 'Mute' })
export class MuteSchema implements MuteView {
  @ApiProperty({ example: 'u-42', description: 'the muted reader (the `author.id` of their comments)' }) userId: string;
  @ApiProperty({ example: 'Olena', description: 'their display name now' }) name: string;
  @ApiProperty({ format: 'date-time' }) mutedAt: string;
}

@ApiSchema({ name: 'MutePage' })
export class MutePageSchema implements Page<MuteView> {
  @ApiProperty({ type: [MuteSchema] }) items: MuteSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
