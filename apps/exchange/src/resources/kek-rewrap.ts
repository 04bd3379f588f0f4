import { rewrapEnvelope } from '@igs/crypto';
import { rewrapEnvelopes, type EnvelopeColumn, type RewrapProgress } from '@igs/platform';
import type { Pool } from 'pg';
import { dataKek, dataKeks, type ExchangeConfig } from '../exchange.options.js';

/**
 * The exchange's only KEK-wrapped values: each loaded batch's data key (DataKey, bound to the
 * batch id). The sealed fields of the resource rows are sealed with those data keys, so they
 * stay as they are.
 */
export const exchangeEnvelopeColumns: EnvelopeColumn[] = [
  { table: 'exchange.resource_batches', key: 'id', column: 'data_key', associatedData: (batchId) => `data-key:${batchId}` },
];

/** Re-wraps every batch's data key under DATA_KEK, opening it with DATA_KEK or DATA_KEK_PREVIOUS. */
export function rewrapExchangeEnvelopes(pool: Pool, config: ExchangeConfig, onBatch?: (progress: RewrapProgress) => void): Promise<RewrapProgress[]> {
  const current = dataKek(config);
  const keks = dataKeks(config);
  return rewrapEnvelopes(
    pool,
    exchangeEnvelopeColumns,
    current.id,
    (envelope, associatedData) => rewrapEnvelope(keks, current, envelope, associatedData),
    onBatch,
  );
}
