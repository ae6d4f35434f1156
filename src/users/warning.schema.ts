import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { UserWarningView } from '../common/contract';

@ApiSchema({ name: 'UserWarning', description: "A moderator's warning to a reader" })
export class UserWarningSchema implements UserWarningView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'what the moderator wrote to the reader' }) message: string;
  @ApiProperty({ description: "the moderator's display name" }) from: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the reader acknowledged it; null while it blocks posting' })
  acknowledgedAt: string | null;
}

@ApiSchema({ name: 'WarningAcknowledged' })
export class WarningAckSchema {
  @ApiProperty({ type: () => [UserWarningSchema], description: 'the warnings this acknowledged, oldest first (empty when none was open)' })
  acknowledged: UserWarningSchema[];
}
