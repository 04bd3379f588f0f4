import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { systemCaller } from '@igs/contracts';
import { checkResidentId, checkSocialCreditCode, keyedToken, sealEnvelope } from '@igs/crypto';
import { AppError, LOGGER, type AppLogger } from '@igs/platform';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../accounts/passwords.js';
import { AppsService } from '../apps/apps.service.js';
import { IDENTITY_CONFIG, keyEncryptionKey, tokenKey, type IdentityConfig } from '../identity.options.js';
import { Realm, type PublicClient } from './realm.js';

/** Loads the realm file at start-up; what already exists is left as it is. */
@Injectable()
export class RealmImporter {
  publicClients: PublicClient[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly apps: AppsService,
  ) {}

  async importConfigured(): Promise<void> {
    if (!this.config.IDENTITY_REALM_FILE) return;
    const parsed = Realm.safeParse(JSON.parse(readFileSync(this.config.IDENTITY_REALM_FILE, 'utf8')));
    if (!parsed.success) throw new Error(`realm file ${this.config.IDENTITY_REALM_FILE} is not valid: ${parsed.error.message}`);
    await this.import(parsed.data);
  }

  async import(realm: Realm): Promise<void> {
    this.publicClients = realm.publicClients;
    let created = 0;
    for (const { clientSecret, ...app } of realm.apps) {
      try {
        await this.apps.create(app, systemCaller('identity'), clientSecret);
        created += 1;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'IDENTITY.APP_EXISTS')) throw error;
      }
    }
    for (const staff of realm.staff) {
      const result = await this.dataSource.query(
        `INSERT INTO identity.staff (username, name, department_code, roles, assurance_level, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [staff.username, staff.name, staff.departmentCode, staff.roles, staff.assuranceLevel, await hashPassword(staff.password)],
      );
      created += result.length;
    }
    const personIds = new Map<string, string>();
    for (const person of realm.persons) {
      personIds.set(person.idNumber, await this.importPerson(person));
    }
    for (const enterprise of realm.enterprises) {
      const check = checkSocialCreditCode(enterprise.creditCode);
      if (!check.valid) throw new Error(`realm enterprise ${enterprise.name}: ${check.reason}`);
      const representative = personIds.get(enterprise.legalRepresentativeIdNumber);
      if (!representative) throw new Error(`realm enterprise ${enterprise.name}: its legal representative is not a realm person`);
      const [row]: { id: string }[] = await this.dataSource.query(
        `INSERT INTO identity.enterprises (credit_code, name, legal_representative) VALUES ($1, $2, $3)
         ON CONFLICT (credit_code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [check.normalized, enterprise.name, representative],
      );
      for (const agent of [enterprise.legalRepresentativeIdNumber, ...enterprise.agentIdNumbers]) {
        const personId = personIds.get(agent);
        if (!personId) throw new Error(`realm enterprise ${enterprise.name}: agent is not a realm person`);
        await this.dataSource.query(`INSERT INTO identity.enterprise_agents VALUES ($1, $2) ON CONFLICT DO NOTHING`, [row.id, personId]);
      }
    }
    this.logger.info({ created }, 'realm imported');
  }

  private async importPerson(person: Realm['persons'][number]): Promise<string> {
    const check = checkResidentId(person.idNumber);
    // The error names the person by position only: an ID number never reaches a log line.
    if (!check.valid) throw new Error(`a realm person has an invalid resident ID number: ${check.reason}`);
    const key = tokenKey(this.config);
    const kek = keyEncryptionKey(this.config);
    const idToken = keyedToken(key, 'person.id_number', check.normalized);
    const [existing]: { id: string }[] = await this.dataSource.query('SELECT id FROM identity.persons WHERE id_number_token = $1', [idToken]);
    if (existing) return existing.id;
    const [{ id }]: { id: string }[] = await this.dataSource.query('SELECT gen_random_uuid() AS id');
    await this.dataSource.query(
      `INSERT INTO identity.persons (id, id_number_token, id_number_envelope, name_envelope, mobile_token, mobile_envelope, assurance_level, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        idToken,
        sealEnvelope(kek, check.normalized, `identity.persons:${id}:id_number`),
        sealEnvelope(kek, person.name, `identity.persons:${id}:name`),
        person.mobile ? keyedToken(key, 'person.mobile', person.mobile) : null,
        person.mobile ? sealEnvelope(kek, person.mobile, `identity.persons:${id}:mobile`) : null,
        person.assuranceLevel,
        await hashPassword(person.password),
      ],
    );
    return id;
  }
}
