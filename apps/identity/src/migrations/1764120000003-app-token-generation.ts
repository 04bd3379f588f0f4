import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AppTokenGeneration1764120000003 implements MigrationInterface {
  readonly name = 'AppTokenGeneration1764120000003';

  async up(q: QueryRunner): Promise<void> {
    // Every token of an app carries this number; rotating its secret or disabling it raises
    // the number, and the gateway refuses tokens of an earlier one.
    await q.query(`ALTER TABLE identity.department_apps ADD COLUMN token_generation int NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.department_apps DROP COLUMN token_generation`);
  }
}
