import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkResidentId, keyedToken, openEnvelope } from '@igs/crypto';
import type { DataSource } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service.js';
import { IDENTITY_CONFIG, keyEncryptionKeys, tokenKey, type IdentityConfig } from '../identity.options.js';
import { SmsSender } from './sms-sender.js';

const codeLifetimeMinutes = 5;
const resendAfterSeconds = 60;
const maxAttempts = 5;

type PersonRow = { id: string; mobile_envelope: string | null };

/**
 * One-time sign-in codes by SMS. Whether a code was sent is never told to the asker, so
 * the form cannot be used to find out which ID numbers are registered.
 */
@Injectable()
export class SmsCodesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsService,
    private readonly sender: SmsSender,
  ) {}

  /** A sign-in code to the mobile registered for this ID number, if there is one. */
  async send(idNumber: string): Promise<void> {
    const person = await this.findPerson(idNumber);
    if (person) await this.sendTo(person);
  }

  /** A code to a signed-in person's registered mobile: the second factor of a step-up. */
  async sendToPerson(personId: string): Promise<void> {
    const [person]: PersonRow[] = await this.dataSource.query('SELECT id, mobile_envelope FROM identity.persons WHERE id = $1', [personId]);
    if (person) await this.sendTo(person);
  }

  /** The person's account id when the code is right, once; a code dies after a few wrong tries. */
  async verify(idNumber: string, code: string): Promise<string | undefined> {
    const person = await this.findPerson(idNumber);
    return person && (await this.verifyFor(person.id, code)) ? `person:${person.id}` : undefined;
  }

  async verifyFor(personId: string, code: string): Promise<boolean> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [{ code_digest: string }[], number] = await this.dataSource.query(
      `UPDATE identity.sms_codes SET attempts = attempts + 1 WHERE person_id = $1 AND expires_at > now() AND attempts < $2 RETURNING code_digest`,
      [personId, maxAttempts],
    );
    if (rows.length === 0 || rows[0].code_digest !== this.digest(personId, code)) return false;
    await this.dataSource.query('DELETE FROM identity.sms_codes WHERE person_id = $1', [personId]);
    return true;
  }

  private async sendTo(person: PersonRow): Promise<void> {
    if (!person.mobile_envelope) return;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const stored: unknown[] = await this.dataSource.query(
      `INSERT INTO identity.sms_codes AS s (person_id, code_digest, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))
       ON CONFLICT (person_id) DO UPDATE SET code_digest = EXCLUDED.code_digest, attempts = 0, expires_at = EXCLUDED.expires_at, sent_at = now()
       WHERE s.sent_at < now() - make_interval(secs => $4) RETURNING person_id`,
      [person.id, this.digest(person.id, code), codeLifetimeMinutes, resendAfterSeconds],
    );
    if (stored.length === 0) return; // asked again too soon: the first code still stands
    const mobile = openEnvelope(keyEncryptionKeys(this.config), person.mobile_envelope, `identity.persons:${person.id}:mobile`).toString();
    await this.sender.send(mobile, `【政务服务】您的登录验证码为 ${code}，${codeLifetimeMinutes} 分钟内有效。`);
  }

  private async findPerson(idNumber: string): Promise<PersonRow | undefined> {
    const check = checkResidentId(idNumber);
    if (!check.valid) return undefined;
    const [row] = await this.dataSource.query('SELECT id, mobile_envelope FROM identity.persons WHERE id_number_token = $1', [
      this.accounts.personLookupToken(check.normalized),
    ]);
    return row;
  }

  private digest(personId: string, code: string): string {
    return keyedToken(tokenKey(this.config), 'sms.code', `${personId}:${code}`);
  }
}
