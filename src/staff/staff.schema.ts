import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  STAFF_ROLES,
  type InvitationView,
  type SiteRoleView,
  type StaffLinkView,
  type StaffMemberView,
  type StaffRole,
  type StaffSelfView,
  type StaffSessionView,
  type TotpEnrollmentView,
} from '../common/staff-contract';

/** OpenAPI classes for the staff answers; each implements its contract type, so the two cannot drift. */

@ApiSchema({ name: 'SiteRole' })
export class SiteRoleSchema implements SiteRoleView {
  @ApiProperty({ example: 'default' }) siteId: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
}

@ApiSchema({ name: 'StaffSelf' })
export class StaffSelfSchema implements StaffSelfView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'administers every site' }) owner: boolean;
  @ApiProperty() totpEnabled: boolean;
  @ApiProperty({ type: [SiteRoleSchema] }) roles: SiteRoleSchema[];
}

@ApiSchema({ name: 'StaffSession' })
export class StaffSessionSchema implements StaffSessionView {
  @ApiProperty({ type: StaffSelfSchema }) staff: StaffSelfSchema;
  @ApiProperty({ description: 'send as X-CSRF-Token on every cookie-authenticated write' }) csrfToken: string;
  @ApiProperty({ format: 'date-time', description: 'the latest the session lasts (12 h without a request end it sooner)' })
  expiresAt: string;
}

@ApiSchema({ name: 'StaffMember' })
export class StaffMemberSchema implements StaffMemberView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() owner: boolean;
  @ApiProperty({ enum: STAFF_ROLES, description: 'on the site asked about' }) role: StaffRole;
  @ApiProperty({ description: 'false until the invitation is accepted' }) hasPassword: boolean;
  @ApiProperty() totpEnabled: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'StaffMemberPage' })
export class StaffMemberPageSchema {
  @ApiProperty({ type: [StaffMemberSchema] }) items: StaffMemberSchema[];
  @ApiProperty({ type: String, nullable: true, description: 'always null: a site has few staff, all on one page' }) nextCursor: string | null;
}

@ApiSchema({ name: 'StaffLink' })
export class StaffLinkSchema implements StaffLinkView {
  @ApiProperty({ description: 'shown once; only its hash is stored' }) token: string;
  @ApiProperty({ example: '/moderate/reset#…' }) path: string;
  @ApiProperty() email: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

@ApiSchema({ name: 'Invitation' })
export class InvitationSchema extends StaffLinkSchema implements InvitationView {
  @ApiProperty({ example: '/moderate/accept#…' }) declare path: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
}

@ApiSchema({ name: 'RoleChange' })
export class RoleChangeSchema {
  @ApiProperty() id: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ enum: STAFF_ROLES, nullable: true, description: 'null: no longer on the site' }) role: StaffRole | null;
}

@ApiSchema({ name: 'TotpEnrollment' })
export class TotpEnrollmentSchema implements TotpEnrollmentView {
  @ApiProperty({ description: 'base32, for typing into an authenticator app' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Parley:editor%40example.com?issuer=Parley&secret=…' }) uri: string;
}

@ApiSchema({ name: 'ResetRequested' })
export class ResetRequestedSchema {
  @ApiProperty({ enum: [true], description: 'always true: the answer is the same whether or not the address has an account' })
  accepted: true;
}

@ApiSchema({ name: 'ResetLink' })
export class ResetLinkSchema {
  @ApiProperty({ description: 'the address of the account the link sets a password for' })
  email: string;

  @ApiProperty({ format: 'date-time', description: 'when the link stops working' })
  expiresAt: string;
}
