import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCallAudit1764130000003 implements MigrationInterface {
  readonly name = 'CreateCallAudit1764130000003';

  async up(q: QueryRunner): Promise<void> {
    // Every data call, allowed or denied. Partitioned by day: it grows by billions of rows,
    // and old days are detached or dropped whole. No personal value is ever written here.
    await q.query(`
      CREATE TABLE exchange.call_audit (
        call_id uuid NOT NULL,
        request_id text,
        at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('query', 'verify')),
        consumer_department text,
        consumer_app text,
        caller text NOT NULL,
        provider_department text,
        catalog_code text NOT NULL,
        fields_requested text[] NOT NULL,
        fields_returned text[] NOT NULL,
        policies jsonb NOT NULL,
        purpose text NOT NULL,
        row_count int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
        denial_code text,
        latency_ms real NOT NULL,
        trace_id text,
        PRIMARY KEY (at, call_id)
      ) PARTITION BY RANGE (at)`);
    // Calls that find no daily partition (clock skew, a missed maintenance run) still land.
    await q.query('CREATE TABLE exchange.call_audit_default PARTITION OF exchange.call_audit DEFAULT');
    await q.query('CREATE INDEX call_audit_consumer ON exchange.call_audit (consumer_department, at)');
    await q.query('CREATE INDEX call_audit_catalog ON exchange.call_audit (catalog_code, at)');
    await q.query('CREATE INDEX call_audit_request ON exchange.call_audit (request_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE exchange.call_audit');
  }
}
