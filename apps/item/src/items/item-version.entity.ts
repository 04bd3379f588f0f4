import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ItemKind, ItemLevel, ItemStatus, Material, ServiceChannel } from '@igs/contracts';

/** One version of an item. Published versions are frozen; only a draft is edited in place. */
@Entity({ name: 'item_versions' })
export class ItemVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'int' })
  version: number;

  /** Bumped on every change of this row: the optimistic lock editors send back. */
  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'text' })
  status: ItemStatus;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: ItemKind;

  @Column({ name: 'department_code', type: 'text' })
  departmentCode: string;

  @Column({ type: 'text' })
  level: ItemLevel;

  @Column({ name: 'division_code', type: 'text' })
  divisionCode: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis: string;

  @Column({ type: 'jsonb' })
  materials: Material[];

  @Column({ name: 'statutory_days', type: 'int' })
  statutoryDays: number;

  @Column({ name: 'promised_days', type: 'int' })
  promisedDays: number;

  @Column({ type: 'text', nullable: true })
  fee: string | null;

  @Column({ name: 'online_depth', type: 'smallint' })
  onlineDepth: number;

  @Column({ type: 'text', array: true })
  channels: ServiceChannel[];

  @Column({ name: 'withdraw_reason', type: 'text', nullable: true })
  withdrawReason: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;
}
