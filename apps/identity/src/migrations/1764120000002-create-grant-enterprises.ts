import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGrantEnterprises1764120000002 implements MigrationInterface {
  readonly name = 'CreateGrantEnterprises1764120000002';

  async up(q: QueryRunner): Promise<void> {
    // A person's grant that acts for an enterprise, decided at consent and read when tokens are made.
    await q.query(`
      CREATE TABLE identity.grant_enterprises (
        grant_id text PRIMARY KEY,
        credit_code text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.grant_enterprises');
  }
}
