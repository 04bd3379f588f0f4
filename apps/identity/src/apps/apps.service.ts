import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { identityEvents, scopes, type AppOwner, type Caller, type CreateAppBody, type DepartmentApp } from '@igs/contracts';
import { keyedToken } from '@igs/crypto';
import { AppError, requireScope, UnitOfWork } from '@igs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_CONFIG, tokenKey, type IdentityConfig } from '../identity.options.js';

interface AppRow {
  client_id: string;
  name: string;
  department_code: string;
  scopes: DepartmentApp['scopes'];
  auth_method: DepartmentApp['authMethod'];
  secret_digest: string | null;
  jwks: { keys: object[] } | null;
  status: DepartmentApp['status'];
  secret_rotated_at: Date | null;
  token_generation: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * Department apps: the systems that call the platform with client credentials. A secret
 * is shown once; only its keyed digest is stored, and the token endpoint compares digests.
 */
@Injectable()
export class AppsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly uow: UnitOfWork,
  ) {}

  secretDigest(secret: string): string {
    return keyedToken(tokenKey(this.config), 'client.secret', secret);
  }

  /** `secret` is given only by the realm import; otherwise a random one is made. */
  async create(body: CreateAppBody, caller: Caller, secret?: string): Promise<DepartmentApp & { clientSecret?: string }> {
    requireScope(caller, scopes.identityAdmin);
    const clientSecret = body.authMethod === 'client_secret_basic' ? (secret ?? randomBytes(32).toString('base64url')) : undefined;
    const rows: AppRow[] = await this.dataSource.query(
      `INSERT INTO identity.department_apps (client_id, name, department_code, scopes, auth_method, secret_digest, jwks, status, secret_rotated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (client_id) DO NOTHING RETURNING *`,
      [
        body.clientId,
        body.name,
        body.departmentCode,
        body.scopes,
        body.authMethod,
        clientSecret ? this.secretDigest(clientSecret) : null,
        body.jwks ? JSON.stringify(body.jwks) : null,
      ],
    );
    if (rows.length === 0) throw new AppError('IDENTITY.APP_EXISTS', `a department app ${body.clientId} already exists`);
    return { ...mapApp(rows[0]), clientSecret };
  }

  async list(filter: { department?: string; status?: DepartmentApp['status'] }, caller: Caller): Promise<{ apps: DepartmentApp[]; total: number }> {
    requireScope(caller, scopes.identityAdmin);
    const rows: AppRow[] = await this.dataSource.query(
      `SELECT * FROM identity.department_apps
       WHERE ($1::text IS NULL OR department_code = $1) AND ($2::text IS NULL OR status = $2) ORDER BY client_id`,
      [filter.department ?? null, filter.status ?? null],
    );
    return { apps: rows.map(mapApp), total: rows.length };
  }

  async setStatus(clientId: string, status: DepartmentApp['status'], caller: Caller): Promise<DepartmentApp> {
    requireScope(caller, scopes.identityAdmin);
    return this.uow.run(async (tx) => {
      if (status === 'active') {
        const row = await this.update(tx.manager, clientId, `status = 'active'`, []);
        await tx.publish(identityEvents.appEnabled, { clientId }, caller);
        return mapApp(row);
      }
      // Tokens already issued to the app die with it, and stay dead when it is enabled again:
      // the gateway hears the new generation and refuses every token of an earlier one.
      const row = await this.update(tx.manager, clientId, `status = 'disabled', token_generation = token_generation + 1`, []);
      await tx.publish(identityEvents.appDisabled, { clientId, tokenGeneration: row.token_generation }, caller);
      await tx.manager.query(`DELETE FROM identity.oidc_payloads WHERE model = 'ClientCredentials' AND payload->>'clientId' = $1`, [clientId]);
      return mapApp(row);
    });
  }

  /** A new secret; the tokens got with the old one stop working at the gateway. */
  async rotateSecret(clientId: string, caller: Caller): Promise<DepartmentApp & { clientSecret: string }> {
    requireScope(caller, scopes.identityAdmin);
    const clientSecret = randomBytes(32).toString('base64url');
    const [existing]: AppRow[] = await this.dataSource.query('SELECT auth_method FROM identity.department_apps WHERE client_id = $1', [clientId]);
    if (!existing) throw notFound(clientId);
    if (existing.auth_method !== 'client_secret_basic') throw new AppError('IDENTITY.APP_USES_KEYS', `${clientId} authenticates with private_key_jwt`);
    return this.uow.run(async (tx) => {
      const row = await this.update(tx.manager, clientId, `secret_digest = $2, secret_rotated_at = now(), token_generation = token_generation + 1`, [
        this.secretDigest(clientSecret),
      ]);
      await tx.publish(identityEvents.appSecretRotated, { clientId, tokenGeneration: row.token_generation }, caller);
      return { ...mapApp(row), clientSecret };
    });
  }

  /** Which department an app belongs to, for the platform's services (the exchange checks a demand's app by it). */
  async owner(clientId: string, caller: Caller): Promise<AppOwner> {
    requireScope(caller, scopes.identityAdmin);
    const [row]: Pick<AppRow, 'client_id' | 'department_code' | 'status'>[] = await this.dataSource.query(
      'SELECT client_id, department_code, status FROM identity.department_apps WHERE client_id = $1',
      [clientId],
    );
    if (!row) throw notFound(clientId);
    return { clientId: row.client_id, departmentCode: row.department_code, status: row.status };
  }

  /** The client metadata oidc-provider needs, for active apps only: a disabled app cannot get tokens. */
  async clientMetadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const [row]: AppRow[] = await this.dataSource.query(`SELECT * FROM identity.department_apps WHERE client_id = $1 AND status = 'active'`, [clientId]);
    if (!row) return undefined;
    return {
      client_id: row.client_id,
      client_name: row.name,
      ...(row.secret_digest ? { client_secret: row.secret_digest } : {}),
      ...(row.jwks ? { jwks: row.jwks } : {}),
      token_endpoint_auth_method: row.auth_method,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      igs_scopes: row.scopes,
      igs_department: row.department_code,
      igs_token_generation: row.token_generation,
    };
  }

  private async update(manager: EntityManager, clientId: string, set: string, params: unknown[]): Promise<AppRow> {
    const rows: [AppRow[], number] = await manager.query(`UPDATE identity.department_apps SET ${set}, updated_at = now() WHERE client_id = $1 RETURNING *`, [
      clientId,
      ...params,
    ]);
    const [updated] = rows[0];
    if (!updated) throw notFound(clientId);
    return updated;
  }
}

function notFound(clientId: string): AppError {
  return new AppError('IDENTITY.APP_NOT_FOUND', `no department app ${clientId}`);
}

function mapApp(row: AppRow): DepartmentApp {
  return {
    clientId: row.client_id,
    name: row.name,
    departmentCode: row.department_code,
    scopes: row.scopes,
    authMethod: row.auth_method,
    status: row.status,
    secretRotatedAt: row.secret_rotated_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
