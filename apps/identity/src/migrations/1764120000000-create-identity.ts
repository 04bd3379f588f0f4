import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1764120000000 implements MigrationInterface {
  readonly name = 'CreateIdentity1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.signing_keys (
        kid text PRIMARY KEY,
        alg text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_jwk_envelope text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'retired')),
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX signing_keys_one_active ON identity.signing_keys (alg) WHERE status = 'active'`);
    // oidc-provider's own records (sessions, grants, codes, refresh tokens...), by model.
    await q.query(`
      CREATE TABLE identity.oidc_payloads (
        model text NOT NULL,
        id text NOT NULL,
        payload jsonb NOT NULL,
        grant_id text,
        user_code text,
        uid text,
        expires_at timestamptz,
        consumed_at timestamptz,
        PRIMARY KEY (model, id)
      )`);
    await q.query(`CREATE INDEX oidc_payloads_grant ON identity.oidc_payloads (grant_id) WHERE grant_id IS NOT NULL`);
    await q.query(`CREATE INDEX oidc_payloads_uid ON identity.oidc_payloads (uid) WHERE uid IS NOT NULL`);
    await q.query(`CREATE INDEX oidc_payloads_expiry ON identity.oidc_payloads (expires_at)`);
    await q.query(`
      CREATE TABLE identity.department_apps (
        client_id text PRIMARY KEY,
        name text NOT NULL,
        department_code text NOT NULL,
        scopes text[] NOT NULL,
        auth_method text NOT NULL,
        secret_digest text,
        jwks jsonb,
        status text NOT NULL CHECK (status IN ('active', 'disabled')),
        secret_rotated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Personal identifiers only as keyed tokens (lookup) and envelopes (the owner gets them back).
    await q.query(`
      CREATE TABLE identity.persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        id_number_token text NOT NULL UNIQUE,
        id_number_envelope text NOT NULL,
        name_envelope text NOT NULL,
        mobile_token text,
        mobile_envelope text,
        assurance_level smallint NOT NULL CHECK (assurance_level BETWEEN 1 AND 4),
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.enterprises (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        credit_code text NOT NULL UNIQUE,
        name text NOT NULL,
        legal_representative uuid NOT NULL REFERENCES identity.persons (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.enterprise_agents (
        enterprise_id uuid NOT NULL REFERENCES identity.enterprises (id),
        person_id uuid NOT NULL REFERENCES identity.persons (id),
        PRIMARY KEY (enterprise_id, person_id)
      )`);
    await q.query(`
      CREATE TABLE identity.staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        name text NOT NULL,
        department_code text NOT NULL,
        roles text[] NOT NULL,
        assurance_level smallint NOT NULL CHECK (assurance_level BETWEEN 1 AND 4),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.login_throttle (
        key text PRIMARY KEY,
        failures int NOT NULL,
        locked_until timestamptz,
        last_failure_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['login_throttle', 'staff', 'enterprise_agents', 'enterprises', 'persons', 'department_apps', 'oidc_payloads', 'signing_keys']) {
      await q.query(`DROP TABLE identity.${table}`);
    }
  }
}
