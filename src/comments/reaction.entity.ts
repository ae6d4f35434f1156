import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('reactions')
export class Reaction {
  @PrimaryColumn('uuid', { name: 'comment_id' }) commentId: string;
  @PrimaryColumn('text', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') kind: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
