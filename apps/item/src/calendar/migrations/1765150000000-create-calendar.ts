import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalendar1765150000000 implements MigrationInterface {
  readonly name = 'CreateCalendar1765150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Only the days that differ from Monday to Friday: a worked weekday is no exception.
    await queryRunner.query(`
      CREATE TABLE item.calendar_day (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL,
        CONSTRAINT calendar_day_workday_on_weekend CHECK (kind <> 'workday' OR extract(isodow FROM date) >= 6)
      )`);
    // The years whose published days were seeded: seeded once, so a day the administrator removed stays removed.
    await queryRunner.query(`CREATE TABLE item.calendar_seeded_year (year int PRIMARY KEY, seeded_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE item.calendar_seeded_year`);
    await queryRunner.query(`DROP TABLE item.calendar_day`);
  }
}
