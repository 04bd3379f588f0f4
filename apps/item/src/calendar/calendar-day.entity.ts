import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarDayKind } from '@igs/contracts';

/** A day that differs from the Monday-to-Friday rule: a holiday, or a weekend day worked (调休). */
@Entity({ name: 'calendar_day' })
export class CalendarDayRow {
  /** The local date, YYYY-MM-DD (read as text, never through a JavaScript Date and its time zone). */
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'text' })
  kind: CalendarDayKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
