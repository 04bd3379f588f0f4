import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSharing1764130000001 implements MigrationInterface {
  readonly name = 'CreateSharing1764130000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exchange.demands (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        catalog_id bigint NOT NULL REFERENCES exchange.catalogs (id),
        consumer_department text NOT NULL,
        consumer_app text,
        provider_department text NOT NULL,
        fields text[] NOT NULL,
        purpose text NOT NULL,
        scenario text NOT NULL,
        legal_basis text NOT NULL,
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        expected_daily_volume int NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
        docking_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX demands_consumer ON exchange.demands (consumer_department, status)');
    await q.query('CREATE INDEX demands_provider ON exchange.demands (provider_department, status)');
    // Every transition, with who and when: the demand's history.
    await q.query(`
      CREATE TABLE exchange.demand_transitions (
        id bigserial PRIMARY KEY,
        demand_id uuid NOT NULL REFERENCES exchange.demands (id),
        status text NOT NULL,
        actor text NOT NULL,
        note text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX demand_transitions_demand ON exchange.demand_transitions (demand_id, id)');
    await q.query(`
      CREATE TABLE exchange.docking_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        demand_id uuid NOT NULL UNIQUE REFERENCES exchange.demands (id),
        catalog_id bigint NOT NULL REFERENCES exchange.catalogs (id),
        consumer_department text NOT NULL,
        consumer_app text,
        provider_department text NOT NULL,
        fields text[] NOT NULL,
        purpose text NOT NULL,
        legal_basis text NOT NULL,
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        daily_quota int NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
        status_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX docking_catalog ON exchange.docking_entries (catalog_id, status)');
    await q.query(`
      CREATE TABLE exchange.docking_transitions (
        id bigserial PRIMARY KEY,
        docking_id uuid NOT NULL REFERENCES exchange.docking_entries (id),
        status text NOT NULL,
        actor text NOT NULL,
        note text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX docking_transitions_entry ON exchange.docking_transitions (docking_id, id)');
    await q.query(`
      CREATE TABLE exchange.negative_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        catalog_id bigint NOT NULL REFERENCES exchange.catalogs (id),
        field text,
        legal_basis text NOT NULL,
        set_by_department text NOT NULL,
        set_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX negative_entries_unique ON exchange.negative_entries (catalog_id, coalesce(field, ''))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['negative_entries', 'docking_transitions', 'docking_entries', 'demand_transitions', 'demands'])
      await q.query(`DROP TABLE exchange.${table}`);
  }
}
