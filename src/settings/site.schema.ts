import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { SiteSecretView, SiteView, SiteWithSecretView } from '../common/staff-contract';

/** OpenAPI classes for the sites answers; each implements its contract type, so the two cannot drift. */

@ApiSchema({ name: 'SiteSecret' })
export class SiteSecretSchema implements SiteSecretView {
  @ApiProperty({ description: 'fingerprint: the first 12 hex digits of its SHA-256' }) id: string;
  @ApiProperty({ enum: ['site', 'environment'] }) source: 'site' | 'environment';
  @ApiProperty({ description: 'tokens Parley signs itself use it' }) signing: boolean;
}

@ApiSchema({ name: 'Site' })
export class SiteSchema implements SiteView {
  @ApiProperty({ example: 'default' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) origins: string[];
  @ApiProperty({ type: [SiteSecretSchema] }) secrets: SiteSecretSchema[];
  @ApiProperty({ type: String, nullable: true }) rsPublicKey: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'SiteList' })
export class SiteListSchema {
  @ApiProperty({ type: [SiteSchema] }) items: SiteSchema[];
}

@ApiSchema({ name: 'SiteWithSecret' })
export class SiteWithSecretSchema implements SiteWithSecretView {
  @ApiProperty({ type: SiteSchema }) site: SiteSchema;
  @ApiProperty({ description: 'the new HS256 secret: shown this once' }) secret: string;
}
