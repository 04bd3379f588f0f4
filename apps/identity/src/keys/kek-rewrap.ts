import { rewrapEnvelope } from '@igs/crypto';
import { rewrapEnvelopes, type EnvelopeColumn, type RewrapProgress } from '@igs/platform';
import type { Pool } from 'pg';
import { keyEncryptionKey, keyEncryptionKeys, type IdentityConfig } from '../identity.options.js';

/** Every envelope identity stores, with the associated data it was sealed with (persons.service, signing-keys.service). */
export const identityEnvelopeColumns: EnvelopeColumn[] = [
  { table: 'identity.signing_keys', key: 'kid', column: 'private_jwk_envelope', associatedData: (kid) => `identity.signing_keys:${kid}` },
  ...(['id_number', 'name', 'mobile'] as const).map((field) => ({
    table: 'identity.persons',
    key: 'id',
    column: `${field}_envelope`,
    associatedData: (id: string) => `identity.persons:${id}:${field}`,
  })),
];

/** Re-wraps the signing keys and personal data under IDENTITY_KEK, opening them with it or IDENTITY_KEK_PREVIOUS. */
export function rewrapIdentityEnvelopes(pool: Pool, config: IdentityConfig, onBatch?: (progress: RewrapProgress) => void): Promise<RewrapProgress[]> {
  const current = keyEncryptionKey(config);
  const keks = keyEncryptionKeys(config);
  return rewrapEnvelopes(
    pool,
    identityEnvelopeColumns,
    current.id,
    (envelope, associatedData) => rewrapEnvelope(keks, current, envelope, associatedData),
    onBatch,
  );
}
