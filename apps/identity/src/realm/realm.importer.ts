import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { systemCaller } from '@igs/contracts';
import { checkSocialCreditCode } from '@igs/crypto';
import { AppError, LOGGER, type AppLogger } from '@igs/platform';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../accounts/passwords.js';
import { AppsService } from '../apps/apps.service.js';
import { IDENTITY_CONFIG, type IdentityConfig } from '../identity.options.js';
import { PersonsService } from '../persons/persons.service.js';
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
    private readonly persons: PersonsService,
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
        // The realm file stays the truth for what its apps may do; their secrets and status are kept.
        await this.dataSource.query(
          'UPDATE identity.department_apps SET name = $2, department_code = $3, scopes = $4, updated_at = now() WHERE client_id = $1',
          [app.clientId, app.name, app.departmentCode, app.scopes],
        );
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
      personIds.set(person.idNumber, await this.persons.ensure(person));
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
}
