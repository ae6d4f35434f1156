import { Check, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** The `mutes` table exactly as the migrations build it (`npm run check:schema` diffs the two). */
@Entity('mutes')
@Check('mutes_not_self', `user_id <> muted_id`)
@Index('mutes_muted', ['siteId', 'mutedId'])
@ForeignKey(() => User, ['siteId', 'userId'], ['siteId', 'id'], { name: 'mutes_user_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => User, ['siteId', 'mutedId'], ['siteId', 'id'], { name: 'mutes_muted_fkey', onDelete: 'CASCADE' })
export class MuteRow {
  @PrimaryColumn('text', { name: 'site_id', primaryKeyConstraintName: 'mutes_pkey' }) siteId: string;
  @PrimaryColumn('text', { name: 'user_id', primaryKeyConstraintName: 'mutes_pkey' }) userId: string;
  @PrimaryColumn('text', { name: 'muted_id', primaryKeyConstraintName: 'mutes_pkey' }) mutedId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
