import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remembered answers to writes sent with an `Idempotency-Key`, per caller. */
export function idempotencyMigration(schema: string): new () => MigrationInterface {
  return class CreateIdempotencyKeys implements MigrationInterface {
    readonly name = 'CreateIdempotencyKeys1764115200001';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`
        CREATE TABLE "${schema}".idempotency_keys (
          owner text NOT NULL,
          key text NOT NULL,
          request_hash text NOT NULL,
          response jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (owner, key)
        )`);
      await queryRunner.query(`CREATE INDEX ON "${schema}".idempotency_keys (created_at)`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE "${schema}".idempotency_keys`);
    }
  };
}
