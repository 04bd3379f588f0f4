import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The classification guide's starting categories; the platform administrator changes them later. */
const baselineGuide: [string, string, number][] = [
  ['GOV.PUBLIC', '政务公开信息 / Public government information', 1],
  ['GOV.SERVICE', '政务服务办理信息 / Service handling records', 1],
  ['ORG.BASIC', '法人基础信息 / Legal person basics', 1],
  ['ORG.CREDIT', '法人信用信息 / Legal person credit', 2],
  ['PERSON.BASIC', '自然人基础信息 / Natural person basics', 2],
  ['PERSON.ID', '自然人身份标识 / Personal identifiers', 3],
  ['PERSON.CONTACT', '自然人联系方式 / Personal contact details', 2],
  ['PERSON.HEALTH', '健康医疗信息 / Health information', 3],
  ['PERSON.FINANCE', '个人财产与缴费信息 / Personal finance and contributions', 3],
  ['PERSON.BIOMETRIC', '生物识别信息 / Biometric data', 4],
  ['SECURITY.CORE', '核心数据 / Core data', 4],
];

export class CreateCatalog1764130000000 implements MigrationInterface {
  readonly name = 'CreateCatalog1764130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exchange.guide_categories (
        code text PRIMARY KEY,
        name text NOT NULL,
        min_grade smallint NOT NULL CHECK (min_grade BETWEEN 1 AND 4),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const [code, name, minGrade] of baselineGuide) {
      await q.query('INSERT INTO exchange.guide_categories (code, name, min_grade) VALUES ($1, $2, $3)', [code, name, minGrade]);
    }
    await q.query(`
      CREATE TABLE exchange.catalogs (
        id bigserial PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        provider_department text NOT NULL,
        source_system text NOT NULL,
        share_type text NOT NULL CHECK (share_type IN ('unconditional', 'conditional', 'not_shareable')),
        open_type text NOT NULL CHECK (open_type IN ('open', 'conditional', 'closed')),
        update_frequency text NOT NULL,
        key_fields text[] NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
        version int NOT NULL DEFAULT 1,
        revision int NOT NULL DEFAULT 0,
        violations text[] NOT NULL DEFAULT '{}',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query('CREATE INDEX catalogs_provider ON exchange.catalogs (provider_department, status)');
    await q.query('CREATE INDEX catalogs_share_type ON exchange.catalogs (share_type, status)');
    await q.query(`
      CREATE TABLE exchange.catalog_fields (
        catalog_id bigint NOT NULL REFERENCES exchange.catalogs (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        name text NOT NULL,
        label text NOT NULL,
        type text NOT NULL,
        category text NOT NULL,
        grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 4),
        pi_type text,
        policy text NOT NULL CHECK (policy IN ('plain', 'masked', 'tokenised', 'verify_only', 'never')),
        PRIMARY KEY (catalog_id, name)
      )`);
    await q.query('CREATE INDEX catalog_fields_category ON exchange.catalog_fields (category, grade)');
    // The responsibility list: exactly one responsible department per published catalog.
    await q.query(`
      CREATE TABLE exchange.responsibilities (
        catalog_id bigint PRIMARY KEY REFERENCES exchange.catalogs (id) ON DELETE CASCADE,
        department_code text NOT NULL,
        fields text[] NOT NULL,
        legal_basis text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['responsibilities', 'catalog_fields', 'catalogs', 'guide_categories']) await q.query(`DROP TABLE exchange.${table}`);
  }
}
