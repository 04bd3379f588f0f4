import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scopesOfRole, tokenClaims, type Role, type Scope } from '@igs/contracts';
import { checkResidentId, keyedToken, openEnvelope } from '@igs/crypto';
import type { DataSource } from 'typeorm';
import { IDENTITY_CONFIG, keyEncryptionKey, tokenKey, type IdentityConfig } from '../identity.options.js';
import { LoginThrottle, throttlePolicies } from './login-throttle.js';
import { decoyHash, passwordMatches } from './passwords.js';

export interface Account {
  accountId: string;
  type: 'person' | 'staff';
  assuranceLevel: number;
  departmentCode?: string;
  roles: Role[];
}

export type LoginResult = { ok: true; account: Account } | { ok: false; reason: 'invalid' | 'locked' };

/** Scopes every signed-in person may be given. */
const personScopes: Scope[] = ['items:read'];

/** People who sign in: persons by resident ID number, staff by username. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly throttle: LoginThrottle,
  ) {}

  personLookupToken(idNumber: string): string {
    return keyedToken(tokenKey(this.config), 'person.id_number', idNumber);
  }

  async loginWithPassword(login: string, password: string, source: string): Promise<LoginResult> {
    return this.login(login, source, (found) => passwordMatches(found?.passwordHash ?? null, password), true);
  }

  /**
   * Signs in through the throttle: each attempt counts against the account and the source
   * address before `check` decides whether the presented credential is right, so parallel
   * attempts cannot pass the lock; a right one is taken back.
   */
  async login(
    login: string,
    source: string,
    check: (found: { account: Account; passwordHash: string | null } | undefined) => Promise<boolean>,
    decoyWhenMissing = false,
  ): Promise<LoginResult> {
    const resident = checkResidentId(login);
    const policies = throttlePolicies(this.config);
    // The throttle key never holds the clear identifier.
    const keys = [
      { key: resident.valid ? `person:${this.personLookupToken(resident.normalized)}` : `staff:${login.toLowerCase()}`, policy: policies.account },
      { key: `source:${source}`, policy: policies.source },
    ];
    const admission = await this.throttle.begin(keys);
    if (admission.locked) return { ok: false, reason: 'locked' };
    if (admission.delayMs > 0) await sleep(admission.delayMs);
    const found = resident.valid ? await this.findPerson(resident.normalized) : await this.findStaff(login.toLowerCase());
    // A missing account still costs one password hash, so timing does not tell which accounts exist.
    if (!found && decoyWhenMissing) await passwordMatches(await decoyHash, 'not-the-password');
    const matches = found ? await check(found) : false;
    if (!found || !matches) return { ok: false, reason: 'invalid' };
    await this.throttle.succeed(keys);
    return { ok: true, account: found.account };
  }

  async find(accountId: string): Promise<(Account & { name: string }) | undefined> {
    const [type, id] = accountId.split(':');
    if (type === 'staff') {
      const [row]: StaffRow[] = await this.dataSource.query('SELECT * FROM identity.staff WHERE id = $1', [id]);
      return row ? { ...staffAccount(row), name: row.name } : undefined;
    }
    if (type === 'person') {
      const [row]: PersonRow[] = await this.dataSource.query('SELECT * FROM identity.persons WHERE id = $1', [id]);
      if (!row) return undefined;
      const name = openEnvelope([keyEncryptionKey(this.config)], row.name_envelope, `identity.persons:${row.id}:name`).toString();
      return { ...personAccount(row), name };
    }
    return undefined;
  }

  /** What an account may be granted: persons read, staff get the scopes of their roles. */
  allowedScopes(account: Account): Scope[] {
    if (account.type === 'person') return personScopes;
    return [...new Set(account.roles.flatMap((role) => scopesOfRole[role]))];
  }

  claimsOf(account: Account): Record<string, unknown> {
    return {
      [tokenClaims.type]: account.type,
      ...(account.departmentCode ? { [tokenClaims.department]: account.departmentCode } : {}),
      ...(account.roles.length ? { [tokenClaims.roles]: account.roles } : {}),
      acr: String(account.assuranceLevel),
    };
  }

  private async findPerson(idNumber: string) {
    const [row]: PersonRow[] = await this.dataSource.query('SELECT * FROM identity.persons WHERE id_number_token = $1', [this.personLookupToken(idNumber)]);
    return row ? { account: personAccount(row), passwordHash: row.password_hash } : undefined;
  }

  private async findStaff(username: string) {
    const [row]: StaffRow[] = await this.dataSource.query('SELECT * FROM identity.staff WHERE username = $1', [username]);
    return row ? { account: staffAccount(row), passwordHash: row.password_hash } : undefined;
  }
}

interface PersonRow {
  id: string;
  name_envelope: string;
  assurance_level: number;
  password_hash: string | null;
}

interface StaffRow {
  id: string;
  name: string;
  department_code: string;
  roles: Role[];
  assurance_level: number;
  password_hash: string;
}

function personAccount(row: PersonRow): Account {
  return { accountId: `person:${row.id}`, type: 'person', assuranceLevel: row.assurance_level, roles: [] };
}

function staffAccount(row: StaffRow): Account {
  return { accountId: `staff:${row.id}`, type: 'staff', assuranceLevel: row.assurance_level, departmentCode: row.department_code, roles: row.roles };
}
