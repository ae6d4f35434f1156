import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { PremoderationPolicy, ReaderConfig } from '../common/contract';
import { PREMODERATION_POLICIES } from './site-settings';

/** OpenAPI schema of the public reader policy, kept in step with src/common/contract.ts by `implements`. */
@ApiSchema({ name: 'ReaderConfig', description: "The site's policy as a reader's client needs it; nothing private" })
export class ReaderConfigSchema implements ReaderConfig {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 20000, description: 'longest comment body, in characters (code points) after trimming' })
  maxLength: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10, description: 'reply levels below a top-level comment: a comment this deep takes no replies' })
  maxDepth: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 604800, description: 'seconds after posting during which the author may edit' })
  editWindowSeconds: number;
  @ApiProperty({
    enum: PREMODERATION_POLICIES,
    description: 'new comments held for a moderator before they appear: none, all of them, or those with links',
  })
  premoderation: PremoderationPolicy;
  @ApiProperty({ description: "the site's community guidelines as sanitized HTML, like a comment's `html` ('': none); shown above the form" })
  guidelinesHtml: string;
}
