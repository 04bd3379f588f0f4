import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Caller, Enterprise, Me, RegisterEnterpriseBody } from '@igs/contracts';
import { checkResidentId, checkSocialCreditCode, keyedToken, openEnvelope, sealEnvelope } from '@igs/crypto';
import { AppError } from '@igs/platform';
import type { DataSource } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service.js';
import { hashPassword } from '../accounts/passwords.js';
import { IDENTITY_CONFIG, keyEncryptionKey, keyEncryptionKeys, tokenKey, type IdentityConfig } from '../identity.options.js';
import { maskIdNumber, maskMobile } from './masks.js';

export interface NewPerson {
  idNumber: string;
  name: string;
  mobile?: string;
  password: string;
  assuranceLevel: number;
}

interface PersonRow {
  id: string;
  id_number_envelope: string;
  name_envelope: string;
  mobile_envelope: string | null;
  assurance_level: number;
}

/**
 * Natural persons and their enterprises. ID numbers and mobile numbers live only as keyed
 * tokens (to find a person) and envelopes (to give the owner their own data back).
 */
@Injectable()
export class PersonsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsService,
  ) {}

  /** Creates a person, or answers the one already registered with the ID number (the realm import). */
  async ensure(person: NewPerson): Promise<string> {
    const created = await this.insert(person);
    if (created) return created;
    const [row]: { id: string }[] = await this.dataSource.query('SELECT id FROM identity.persons WHERE id_number_token = $1', [
      this.idNumberToken(person.idNumber),
    ]);
    return row.id;
  }

  /** Creates a person; undefined when the ID number is registered already. */
  async insert(person: NewPerson): Promise<string | undefined> {
    const check = checkResidentId(person.idNumber);
    // Errors name the field only: an ID number never reaches a message or a log line.
    if (!check.valid) throw AppError.validation([{ in: 'body', field: 'idNumber', message: check.reason }]);
    const kek = keyEncryptionKey(this.config);
    const [{ id }]: { id: string }[] = await this.dataSource.query('SELECT gen_random_uuid() AS id');
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO identity.persons (id, id_number_token, id_number_envelope, name_envelope, mobile_token, mobile_envelope, assurance_level, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id_number_token) DO NOTHING RETURNING id`,
      [
        id,
        this.accounts.personLookupToken(check.normalized),
        sealEnvelope(kek, check.normalized, `identity.persons:${id}:id_number`),
        sealEnvelope(kek, person.name, `identity.persons:${id}:name`),
        person.mobile ? this.mobileToken(person.mobile) : null,
        person.mobile ? sealEnvelope(kek, person.mobile, `identity.persons:${id}:mobile`) : null,
        person.assuranceLevel,
        await hashPassword(person.password),
      ],
    );
    return inserted[0]?.id;
  }

  /** The keyed token of a valid ID number, written as the register writes it; 400 naming the field otherwise. */
  idNumberToken(idNumber: string): string {
    const check = checkResidentId(idNumber);
    if (!check.valid) throw AppError.validation([{ in: 'body', field: 'idNumber', message: check.reason }]);
    return this.accounts.personLookupToken(check.normalized);
  }

  mobileToken(mobile: string): string {
    return keyedToken(tokenKey(this.config), 'person.mobile', mobile);
  }

  async registerEnterprise(body: RegisterEnterpriseBody, caller: Caller): Promise<Enterprise> {
    const personId = personIdOf(caller);
    const check = checkSocialCreditCode(body.creditCode);
    if (!check.valid) throw AppError.validation([{ in: 'body', field: 'creditCode', message: check.reason }]);
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO identity.enterprises (credit_code, name, legal_representative) VALUES ($1, $2, $3) ON CONFLICT (credit_code) DO NOTHING RETURNING id`,
        [check.normalized, body.name, personId],
      );
      if (rows.length === 0) throw new AppError('IDENTITY.ENTERPRISE_EXISTS', `enterprise ${check.normalized} is already registered`);
      await manager.query('INSERT INTO identity.enterprise_agents VALUES ($1, $2)', [rows[0].id, personId]);
      return { creditCode: check.normalized, name: body.name, role: 'legal_representative' as const };
    });
  }

  /** Whether the person may act for the enterprise: its legal representative or an authorised agent. */
  async isAgent(accountId: string, creditCode: string): Promise<boolean> {
    const [type, personId] = accountId.split(':');
    if (type !== 'person') return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM identity.enterprise_agents a JOIN identity.enterprises e ON e.id = a.enterprise_id WHERE a.person_id = $1 AND e.credit_code = $2`,
      [personId, creditCode.toUpperCase()],
    );
    return rows.length > 0;
  }

  async recordActingFor(grantId: string, creditCode: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO identity.grant_enterprises (grant_id, credit_code) VALUES ($1, $2) ON CONFLICT (grant_id) DO UPDATE SET credit_code = EXCLUDED.credit_code`,
      [grantId, creditCode.toUpperCase()],
    );
  }

  async actingFor(grantId: string): Promise<string | undefined> {
    const [row]: { credit_code: string }[] = await this.dataSource.query('SELECT credit_code FROM identity.grant_enterprises WHERE grant_id = $1', [grantId]);
    return row?.credit_code;
  }

  async me(caller: Caller): Promise<Me> {
    if (caller.type === 'staff') {
      const account = await this.accounts.find(caller.subject);
      if (!account) throw new AppError('AUTH.FORBIDDEN', 'the signed-in staff member no longer exists');
      return {
        subject: caller.subject,
        type: 'staff',
        name: account.name,
        assuranceLevel: account.assuranceLevel,
        departmentCode: account.departmentCode,
        roles: account.roles,
      };
    }
    const personId = personIdOf(caller);
    const [row]: PersonRow[] = await this.dataSource.query('SELECT * FROM identity.persons WHERE id = $1', [personId]);
    if (!row) throw new AppError('AUTH.FORBIDDEN', 'the signed-in person no longer exists');
    const open = (envelope: string, field: string) => openEnvelope(keyEncryptionKeys(this.config), envelope, `identity.persons:${row.id}:${field}`).toString();
    const enterprises: { credit_code: string; name: string; legal_representative: string }[] = await this.dataSource.query(
      `SELECT e.credit_code, e.name, e.legal_representative FROM identity.enterprises e
       JOIN identity.enterprise_agents a ON a.enterprise_id = e.id WHERE a.person_id = $1 ORDER BY e.credit_code`,
      [personId],
    );
    return {
      subject: caller.subject,
      type: 'person',
      name: open(row.name_envelope, 'name'),
      assuranceLevel: row.assurance_level,
      idNumberMasked: maskIdNumber(open(row.id_number_envelope, 'id_number')),
      mobileMasked: row.mobile_envelope ? maskMobile(open(row.mobile_envelope, 'mobile')) : undefined,
      enterprises: enterprises.map((e) => ({
        creditCode: e.credit_code,
        name: e.name,
        role: e.legal_representative === personId ? 'legal_representative' : 'agent',
      })),
    };
  }
}

function personIdOf(caller: Caller): string {
  const [type, id] = caller.subject.split(':');
  if (caller.type !== 'person' || type !== 'person' || !id) throw new AppError('IDENTITY.NOT_A_PERSON', 'only a signed-in natural person may do this');
  return id;
}
