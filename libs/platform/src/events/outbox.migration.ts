import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox table, in the schema of the service that owns it. */
export function outboxMigration(schema: string): new () => MigrationInterface {
  return class CreateOutbox implements MigrationInterface {
    readonly name = 'CreateOutbox1764115200000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`
        CREATE TABLE "${schema}".outbox (
          seq bigserial PRIMARY KEY,
          id uuid NOT NULL UNIQUE,
          subject text NOT NULL,
          payload jsonb NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          created_at timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE "${schema}".outbox`);
    }
  };
}
