import type { AdapterConstructor } from 'oidc-provider';
import type { DataSource } from 'typeorm';

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

/**
 * oidc-provider's storage on PostgreSQL: one row per (model, id), the payload as jsonb.
 * Department apps (the Client model) come from the apps table instead, through `clients`.
 */
export function pgAdapterFactory(dataSource: DataSource, clients: (clientId: string) => Promise<Payload | undefined>): AdapterConstructor {
  return class PgAdapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      await dataSource.query(
        `INSERT INTO identity.oidc_payloads (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
           user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? null],
      );
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return clients(id);
      return this.findBy('id', id);
    }

    findByUid(uid: string): Promise<Payload | undefined> {
      return this.findBy('uid', uid);
    }

    findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.findBy('user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      await dataSource.query(
        `UPDATE identity.oidc_payloads SET consumed_at = now(), payload = payload || jsonb_build_object('consumed', extract(epoch from now())::int)
         WHERE model = $1 AND id = $2`,
        [this.model, id],
      );
    }

    async destroy(id: string): Promise<void> {
      await dataSource.query('DELETE FROM identity.oidc_payloads WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await dataSource.query('DELETE FROM identity.oidc_payloads WHERE grant_id = $1', [grantId]);
    }

    private async findBy(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
      const rows: { payload: Payload }[] = await dataSource.query(
        `SELECT payload FROM identity.oidc_payloads
         WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
        [this.model, value],
      );
      return rows[0]?.payload;
    }
  };
}
