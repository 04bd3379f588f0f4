import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegistrationCodes1764120000004 implements MigrationInterface {
  readonly name = 'CreateRegistrationCodes1764120000004';

  async up(q: QueryRunner): Promise<void> {
    // A self-registration in progress: the ID number and the mobile only as keyed tokens,
    // the code only as a keyed digest. A row without a code is a notice sent to the owner of
    // an ID number already registered; it counts for the resend window all the same.
    await q.query(`
      CREATE TABLE identity.registration_codes (
        id_number_token text NOT NULL,
        mobile_token text NOT NULL,
        code_digest text,
        attempts int NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id_number_token, mobile_token)
      )`);
    await q.query(`CREATE INDEX registration_codes_mobile ON identity.registration_codes (mobile_token, sent_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.registration_codes');
  }
}
