import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { openEnvelope, sealEnvelope } from '@igs/crypto';
import { createInstrument, platformMetrics } from '@igs/platform';
import type { ObservableCallback, ObservableGauge } from '@opentelemetry/api';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_CONFIG, keyEncryptionKey, keyEncryptionKeys, type IdentityConfig } from '../identity.options.js';

/** How long a retired key stays in the JWKS: longer than any token it signed lives. */
const retiredKeyGraceHours = 24;

/**
 * The token signing keys: ES256 key pairs whose private half is stored only inside an
 * envelope sealed by the key-encryption key. The active key signs; retired keys stay
 * published for a while so tokens issued before a rotation keep verifying.
 */
@Injectable()
export class SigningKeys implements OnModuleDestroy {
  /** When the key that signs now was made, as last read for the provider (igs.identity.signing_key.age). */
  private activeCreatedAt?: Date;
  private readonly keyAge: ObservableGauge = createInstrument(platformMetrics.signingKeyAge);
  private readonly observeAge: ObservableCallback = (result) => {
    if (this.activeCreatedAt) result.observe(Math.max(0, (Date.now() - this.activeCreatedAt.getTime()) / 1000));
  };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {
    this.keyAge.addCallback(this.observeAge);
  }

  onModuleDestroy(): void {
    this.keyAge.removeCallback(this.observeAge);
  }

  async ensureActive(): Promise<void> {
    const [active] = await this.dataSource.query(`SELECT kid FROM identity.signing_keys WHERE status = 'active' AND alg = 'ES256'`);
    if (!active) await this.create();
  }

  /** Retires the active key and makes a new one, in the caller's transaction; providers must be rebuilt to sign with it. */
  async rotate(manager: EntityManager): Promise<string> {
    await manager.query(`UPDATE identity.signing_keys SET status = 'retired', retired_at = now() WHERE status = 'active' AND alg = 'ES256'`);
    return this.create(manager.query.bind(manager));
  }

  /** Private JWKs for the provider, the active key first (it signs); retired ones only verify. */
  async privateJwks(): Promise<JWK[]> {
    const rows: { kid: string; private_jwk_envelope: string; status: string; created_at: Date }[] = await this.dataSource.query(
      `SELECT kid, private_jwk_envelope, status, created_at FROM identity.signing_keys
       WHERE status = 'active' OR retired_at > now() - make_interval(hours => $1)
       ORDER BY status = 'active' DESC, created_at DESC`,
      [retiredKeyGraceHours],
    );
    if (rows[0]?.status === 'active') this.activeCreatedAt = rows[0].created_at;
    const keks = keyEncryptionKeys(this.config);
    return rows.map((row) => JSON.parse(openEnvelope(keks, row.private_jwk_envelope, `identity.signing_keys:${row.kid}`).toString()) as JWK);
  }

  private async create(query: (sql: string, params?: unknown[]) => Promise<unknown> = this.dataSource.query.bind(this.dataSource)): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    const envelope = sealEnvelope(keyEncryptionKey(this.config), JSON.stringify(privateJwk), `identity.signing_keys:${kid}`);
    // Two replicas starting at once: the unique index keeps one active key, the other insert is a no-op.
    await query(
      `INSERT INTO identity.signing_keys (kid, alg, public_jwk, private_jwk_envelope, status) VALUES ($1, 'ES256', $2, $3, 'active') ON CONFLICT DO NOTHING`,
      [kid, JSON.stringify({ ...publicJwk, kid, alg: 'ES256', use: 'sig' }), envelope],
    );
    return kid;
  }
}
