import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateItemVersions1764115300000 implements MigrationInterface {
  readonly name = 'CreateItemVersions1764115300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE item.item_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        revision int NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
        name text NOT NULL,
        kind text NOT NULL,
        department_code text NOT NULL,
        level text NOT NULL CHECK (level IN ('region', 'city', 'county')),
        division_code text NOT NULL CHECK (division_code ~ '^[0-9]{6}$'),
        legal_basis text NOT NULL,
        materials jsonb NOT NULL DEFAULT '[]'::jsonb,
        statutory_days int NOT NULL,
        promised_days int NOT NULL,
        fee text,
        online_depth smallint NOT NULL CHECK (online_depth BETWEEN 0 AND 4),
        channels text[] NOT NULL,
        withdraw_reason text,
        created_by text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        published_at timestamptz,
        withdrawn_at timestamptz,
        CONSTRAINT item_versions_code_version_key UNIQUE (code, version),
        CONSTRAINT item_versions_promised_within_statutory CHECK (promised_days <= statutory_days)
      )`);
    // At most one draft per item: the next version is edited in one place only.
    await queryRunner.query(`CREATE UNIQUE INDEX item_versions_one_draft ON item.item_versions (code) WHERE status = 'draft'`);
    await queryRunner.query(`CREATE INDEX item_versions_status_code ON item.item_versions (status, code, version DESC)`);
    await queryRunner.query(`CREATE INDEX item_versions_department ON item.item_versions (department_code)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE item.item_versions`);
  }
}
