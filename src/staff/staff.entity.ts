import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The `staff` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('staff')
// Unique on lower(email): an expression index, which the migration makes.
@Index('staff_email_lower', { synchronize: false })
export class Staff {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'staff_pkey' }) id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  /** argon2id; null until an invitation is accepted (or for a member who only signs in by SSO). */
  @Column('text', { name: 'password_hash', nullable: true }) passwordHash: string | null;
  /** Base32; set when enrollment starts, in force once `totp_enabled`. */
  @Column('text', { name: 'totp_secret', nullable: true }) totpSecret: string | null;
  @Column('boolean', { name: 'totp_enabled', default: false }) totpEnabled: boolean;
  /** Administers every site. */
  @Column('boolean', { default: false }) owner: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
}
