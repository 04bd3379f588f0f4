import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RegisterPersonBody, StartRegistrationBody } from '@igs/contracts';
import { keyedToken, openEnvelope } from '@igs/crypto';
import { AppError } from '@igs/platform';
import type { DataSource } from 'typeorm';
import { IDENTITY_CONFIG, keyEncryptionKeys, tokenKey, type IdentityConfig } from '../identity.options.js';
import { SmsSender } from '../sms/sms-sender.js';
import { PersonsService } from './persons.service.js';

const codeLifetimeSeconds = 300;
const resendAfterSeconds = 60;
const maxAttempts = 5;

/**
 * Self-registration in two steps, bound to a mobile the person controls: a code by SMS to
 * the mobile they give, then the registration with that code. Neither step tells whether
 * the ID number is registered: the first answers the same in every case (the owner of a
 * registered number gets a notice by SMS instead of the asker getting a code), and the second
 * refuses a registered number exactly as it refuses a wrong code. Nobody can register an ID
 * number without a code sent to a mobile they hold. Each ID number and each mobile get at
 * most one message a minute, so the form cannot flood anyone's phone.
 */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly persons: PersonsService,
    private readonly sender: SmsSender,
  ) {}

  async start(body: StartRegistrationBody): Promise<{ codeExpiresInSeconds: number }> {
    const idToken = this.persons.idNumberToken(body.idNumber);
    const mobileToken = this.persons.mobileToken(body.mobile);
    const [owner]: { id: string; mobile_envelope: string | null }[] = await this.dataSource.query(
      'SELECT id, mobile_envelope FROM identity.persons WHERE id_number_token = $1',
      [idToken],
    );
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const sent = await this.record(idToken, mobileToken, owner ? null : this.digest(idToken, mobileToken, code));
    if (sent && !owner) {
      await this.sender.send(body.mobile, `【政务服务】您的注册验证码为 ${code}，${codeLifetimeSeconds / 60} 分钟内有效。如非本人操作，请忽略。`);
    } else if (sent && owner?.mobile_envelope) {
      const mobile = openEnvelope(keyEncryptionKeys(this.config), owner.mobile_envelope, `identity.persons:${owner.id}:mobile`).toString();
      await this.sender.send(
        mobile,
        `【政务服务】有人正以您的身份证号申请注册（手机尾号 ${body.mobile.slice(-4)}）。您已注册，可直接登录；如非本人操作，请忽略。`,
      );
    }
    return { codeExpiresInSeconds: codeLifetimeSeconds };
  }

  async register(body: RegisterPersonBody): Promise<{ subject: string; assuranceLevel: number }> {
    const idToken = this.persons.idNumberToken(body.idNumber);
    const mobileToken = this.persons.mobileToken(body.mobile);
    // An UPDATE answers [rows, count] through TypeORM; a row without a code (a notice) never matches.
    const [rows]: [{ code_digest: string }[], number] = await this.dataSource.query(
      `UPDATE identity.registration_codes SET attempts = attempts + 1
       WHERE id_number_token = $1 AND mobile_token = $2 AND code_digest IS NOT NULL AND expires_at > now() AND attempts < $3
       RETURNING code_digest`,
      [idToken, mobileToken, maxAttempts],
    );
    if (rows.length === 0 || rows[0].code_digest !== this.digest(idToken, mobileToken, body.code)) throw invalidCode();
    const id = await this.persons.insert({ ...body, assuranceLevel: 1 });
    // Registered meanwhile (by another code): answered as a wrong code, like any registered number.
    if (!id) throw invalidCode();
    await this.dataSource.query('DELETE FROM identity.registration_codes WHERE id_number_token = $1 OR expires_at < now()', [idToken]);
    return { subject: `person:${id}`, assuranceLevel: 1 };
  }

  /**
   * Keeps a new code (or, for a registered number, the notice) unless this ID number or this
   * mobile had a message less than a minute ago; true when a message may go out.
   */
  private async record(idToken: string, mobileToken: string, codeDigest: string | null): Promise<boolean> {
    const stored: unknown[] = await this.dataSource.query(
      `INSERT INTO identity.registration_codes AS r (id_number_token, mobile_token, code_digest, expires_at)
       SELECT $1, $2, $3, now() + make_interval(secs => $4)
       WHERE NOT EXISTS (
         SELECT 1 FROM identity.registration_codes
         WHERE (id_number_token = $1 OR mobile_token = $2) AND sent_at > now() - make_interval(secs => $5))
       ON CONFLICT (id_number_token, mobile_token) DO UPDATE
         SET code_digest = EXCLUDED.code_digest, attempts = 0, expires_at = EXCLUDED.expires_at, sent_at = now()
       RETURNING 1`,
      [idToken, mobileToken, codeDigest, codeLifetimeSeconds, resendAfterSeconds],
    );
    return stored.length > 0;
  }

  private digest(idToken: string, mobileToken: string, code: string): string {
    return keyedToken(tokenKey(this.config), 'registration.code', `${idToken}:${mobileToken}:${code}`);
  }
}

function invalidCode(): AppError {
  return new AppError('IDENTITY.REGISTRATION_CODE_INVALID', 'the code is wrong or has expired for this ID number and mobile: ask for a new one');
}
