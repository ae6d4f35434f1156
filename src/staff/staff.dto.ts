import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DEFAULT_SITE_ID, SITE_ID, STAFF_ROLES, type StaffRole } from '../common/staff-contract';

/** Passwords are judged by the policy (12-200 characters) in the service, which names the rule broken; this only bounds the input. */
const PASSWORD_INPUT_MAX = 1000;
const SITE_ID_MESSAGE = 'siteId is lower-case letters, digits and dashes (at most 63)';

export class SignInDto {
  @ApiProperty({ maxLength: 320, example: 'editor@example.com' })
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  email: string;

  @ApiProperty({ maxLength: PASSWORD_INPUT_MAX })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password: string;

  @ApiPropertyOptional({ description: 'the authenticator code, when two-step sign-in is on', example: '123456' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  code?: string;
}

export class SsoDto {
  @ApiProperty({ description: "the publisher's signed JWT for a moderator or admin, with an `email` and an `exp` claim" })
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  token: string;
}

export class AcceptInvitationDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'required when the address has no account yet' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiProperty({ description: 'the new password (12-200 characters); an existing account gives its current one' })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password: string;

  @ApiPropertyOptional({ description: 'an existing account with two-step sign-in: the authenticator code' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  code?: string;
}

export class ResetRequestDto {
  @ApiProperty({ maxLength: 320 })
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  email: string;
}

export class NewPasswordDto {
  @ApiProperty({ description: '12-200 characters, not the email address' })
  @IsString()
  @MaxLength(PASSWORD_INPUT_MAX)
  password: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @MaxLength(16)
  code: string;
}

export class InvitationDto {
  @ApiProperty({ maxLength: 254, example: 'new.moderator@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role: StaffRole;

  @ApiPropertyOptional({ default: DEFAULT_SITE_ID })
  @IsOptional()
  @IsString()
  @Matches(SITE_ID, { message: SITE_ID_MESSAGE })
  siteId?: string;
}

export class RoleChangeDto {
  @ApiPropertyOptional({ default: DEFAULT_SITE_ID })
  @IsOptional()
  @IsString()
  @Matches(SITE_ID, { message: SITE_ID_MESSAGE })
  siteId?: string;

  @ApiProperty({ enum: STAFF_ROLES, nullable: true, description: 'null removes the member from the site' })
  @IsIn([...STAFF_ROLES, null], { message: 'role must be moderator, admin or null' })
  role: StaffRole | null;
}

export class SiteQuery {
  @ApiPropertyOptional({ default: DEFAULT_SITE_ID })
  @IsOptional()
  @IsString()
  @Matches(SITE_ID, { message: SITE_ID_MESSAGE })
  siteId?: string;
}
