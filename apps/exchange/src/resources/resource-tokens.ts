import { Inject, Injectable } from '@nestjs/common';
import { keyedToken, tokenKeyObject } from '@igs/crypto';
import type { KeyObject } from 'node:crypto';
import { EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';

/**
 * The keyed tokens of data resources: one for the key of a row (its lookup), one per
 * personal value (joins and verification without the value). The personal-value token is
 * the same across catalogs of the platform; answers give each consumer a token derived
 * from it, so two consumers cannot join theirs.
 */
@Injectable()
export class ResourceTokens {
  private readonly key: KeyObject;

  constructor(@Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig) {
    this.key = tokenKeyObject(Buffer.from(config.DATA_TOKEN_KEY, 'base64'));
  }

  /** Rows are keyed within their catalog, so a key made of one personal field is its personal token (one hash, not two). */
  rowKey(keyFields: { value: string; piType: string | null }[]): string {
    if (keyFields.length === 1 && keyFields[0].piType) return this.personal(keyFields[0].piType, keyFields[0].value);
    return keyedToken(this.key, 'row', keyFields.map((field) => field.value).join('\u0000'), this.config.DATA_TOKEN_ALGORITHM);
  }

  personal(piType: string, value: string): string {
    return keyedToken(this.key, `pi:${piType}`, value, this.config.DATA_TOKEN_ALGORITHM);
  }

  forConsumer(department: string, personalToken: string): string {
    return keyedToken(this.key, `consumer:${department}`, personalToken, this.config.DATA_TOKEN_ALGORITHM);
  }
}
