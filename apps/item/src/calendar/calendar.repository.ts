import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SetCalendarDay } from '@igs/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarDayRow } from './calendar-day.entity.js';

const columns = `to_char(date, 'YYYY-MM-DD') AS date, kind, name, changed_by AS "changedBy", changed_at AS "changedAt"`;

/** Queries on the calendar's days; no rules here. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  between(from: string, to: string, manager: EntityManager = this.dataSource.manager): Promise<CalendarDayRow[]> {
    return manager.query(`SELECT ${columns} FROM item.calendar_day WHERE date BETWEEN $1 AND $2 ORDER BY date`, [from, to]);
  }

  all(manager: EntityManager = this.dataSource.manager): Promise<CalendarDayRow[]> {
    return manager.query(`SELECT ${columns} FROM item.calendar_day ORDER BY date`);
  }

  /** Stores the days as given, replacing what those dates held. */
  upsert(manager: EntityManager, days: readonly SetCalendarDay[], by: string, at: Date): Promise<CalendarDayRow[]> {
    return manager.query(
      `INSERT INTO item.calendar_day (date, kind, name, changed_by, changed_at)
       SELECT d.date, d.kind, d.name, $4, $5 FROM unnest($1::date[], $2::text[], $3::text[]) AS d(date, kind, name)
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at
       RETURNING ${columns}`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name), by, at],
    );
  }

  /** Stores the days whose dates hold nothing yet; a date already set (or changed by the administrator) is left alone. */
  insertMissing(manager: EntityManager, days: readonly SetCalendarDay[], by: string, at: Date): Promise<CalendarDayRow[]> {
    return manager.query(
      `INSERT INTO item.calendar_day (date, kind, name, changed_by, changed_at)
       SELECT d.date, d.kind, d.name, $4, $5 FROM unnest($1::date[], $2::text[], $3::text[]) AS d(date, kind, name)
       ON CONFLICT (date) DO NOTHING
       RETURNING ${columns}`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name), by, at],
    );
  }

  async remove(manager: EntityManager, date: string): Promise<boolean> {
    return ((await manager.delete(CalendarDayRow, { date })).affected ?? 0) > 0;
  }

  /** Claims the years not seeded yet; a replica seeding at the same time waits here, then claims nothing. */
  async claimYears(manager: EntityManager, years: readonly number[]): Promise<number[]> {
    const rows: { year: number }[] = await manager.query(
      `INSERT INTO item.calendar_seeded_year (year) SELECT unnest($1::int[]) ON CONFLICT DO NOTHING RETURNING year`,
      [years],
    );
    return rows.map((row) => row.year);
  }
}
