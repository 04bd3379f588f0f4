import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSmsCodes1764120000001 implements MigrationInterface {
  readonly name = 'CreateSmsCodes1764120000001';

  async up(q: QueryRunner): Promise<void> {
    // One outstanding code per person, kept only as a keyed digest.
    await q.query(`
      CREATE TABLE identity.sms_codes (
        person_id uuid PRIMARY KEY REFERENCES identity.persons (id) ON DELETE CASCADE,
        code_digest text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.sms_codes');
  }
}
