import { Injectable } from '@nestjs/common';
import { badRequest, conflict } from '../common/api-error';
import type { TotpEnrollmentView } from '../common/staff-contract';
import { StaffAuditRepository } from './staff-audit.repository';
import { StaffRecord, StaffRepository } from './staff.repository';
import type { ClientInfo } from './staff-types';
import { newTotpSecret, totpCodeValid } from './totp';

const WRONG_CODE = () => badRequest('TOTP_INVALID', 'The authenticator code is wrong or expired');

/** The optional second factor: enroll (secret shown once), confirm with a code to turn it on, a code to turn it off. */
@Injectable()
export class StaffTotpService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly audit: StaffAuditRepository,
  ) {}

  /** A new secret, not in force until confirmed; starting again replaces an unconfirmed one. */
  async start(me: StaffRecord): Promise<TotpEnrollmentView> {
    if (me.totpEnabled) throw conflict('TOTP_ALREADY_ENABLED', 'Two-step sign-in is on already; turn it off first');
    const enrollment = newTotpSecret(me.email);
    await this.staff.setTotp(me.id, enrollment.secret, false);
    return enrollment;
  }

  async confirm(me: StaffRecord, code: string, client: ClientInfo): Promise<void> {
    if (me.totpEnabled) throw conflict('TOTP_ALREADY_ENABLED', 'Two-step sign-in is on already');
    if (!me.totpSecret) throw conflict('TOTP_NOT_STARTED', 'Start with POST /staff/me/totp');
    if (!totpCodeValid(me.totpSecret, code)) throw WRONG_CODE();
    await this.staff.setTotp(me.id, me.totpSecret, true);
    await this.audit.record({ action: 'totp_enabled', staffId: me.id, email: me.email, ip: client.ip });
  }

  async disable(me: StaffRecord, code: string, client: ClientInfo): Promise<void> {
    if (!me.totpEnabled || !me.totpSecret) throw conflict('TOTP_NOT_ENABLED', 'Two-step sign-in is not on');
    if (!totpCodeValid(me.totpSecret, code)) throw WRONG_CODE();
    await this.staff.setTotp(me.id, null, false);
    await this.audit.record({ action: 'totp_disabled', staffId: me.id, email: me.email, ip: client.ip });
  }
}
