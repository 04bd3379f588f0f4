import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { authMethods, signInAcr, type AssuranceLevel, type AuthFactor, type Role } from '@igs/contracts';
import { checkResidentId, keyedToken, openEnvelope } from '@igs/crypto';
import type { DataSource } from 'typeorm';
import { IDENTITY_CONFIG, keyEncryptionKeys, tokenKey, type IdentityConfig } from '../identity.options.js';
import { LoginThrottle, throttlePolicies, type ThrottleKey } from './login-throttle.js';
import { decoyHash, passwordMatches } from './passwords.js';

export interface Account {
  accountId: string;
  type: 'person' | 'staff';
  /** The identity-proofing level: how well the platform knows who the account is (assurance.ts). */
  assuranceLevel: number;
  /** The sign-in factors the account has: a password, and an SMS code where a mobile is registered. */
  factors: AuthFactor[];
  departmentCode?: string;
  roles: Role[];
}

export type LoginResult = { ok: true; account: Account } | { ok: false; reason: 'invalid' | 'locked' };

type Found = { account: Account; passwordHash: string | null; throttleKey: string };

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
    return this.login(login, source, (found) => passwordMatches(found.passwordHash, password), true);
  }

  /**
   * Signs in through the throttle: each attempt counts against the account and the source
   * address before `check` decides whether the presented credential is right, so parallel
   * attempts cannot pass the lock; a right one is taken back.
   */
  async login(login: string, source: string, check: (found: Found) => Promise<boolean>, decoyWhenMissing = false): Promise<LoginResult> {
    const resident = checkResidentId(login);
    // The throttle key never holds the clear identifier.
    const throttleKey = resident.valid ? `person:${this.personLookupToken(resident.normalized)}` : `staff:${login.toLowerCase()}`;
    return this.throttled(throttleKey, source, async () => {
      const found = resident.valid ? await this.findPerson(resident.normalized) : await this.findStaff(login.toLowerCase());
      // A missing account still costs one password hash, so timing does not tell which accounts exist.
      if (!found && decoyWhenMissing) await passwordMatches(await decoyHash, 'not-the-password');
      return found && (await check(found)) ? found.account : undefined;
    });
  }

  /**
   * A further factor of an account already signed in (a step-up), through the same throttle
   * as its sign-in: wrong codes and passwords count against the account either way.
   */
  async confirm(accountId: string, source: string, check: (found: Found) => Promise<boolean>): Promise<LoginResult> {
    const found = await this.findForSignIn(accountId);
    if (!found) return { ok: false, reason: 'invalid' };
    return this.throttled(found.throttleKey, source, async () => ((await check(found)) ? found.account : undefined));
  }

  /** The highest `acr` a sign-in of this account can reach with the factors it has. */
  reachableAcr(account: Account): AssuranceLevel {
    return signInAcr(account.assuranceLevel, account.factors);
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
      const name = openEnvelope(keyEncryptionKeys(this.config), row.name_envelope, `identity.persons:${row.id}:name`).toString();
      return { ...personAccount(row), name };
    }
    return undefined;
  }

  private async throttled(throttleKey: string, source: string, attempt: () => Promise<Account | undefined>): Promise<LoginResult> {
    const policies = throttlePolicies(this.config);
    const keys: ThrottleKey[] = [
      { key: throttleKey, policy: policies.account },
      { key: `source:${source}`, policy: policies.source },
    ];
    const admission = await this.throttle.begin(keys);
    if (admission.locked) return { ok: false, reason: 'locked' };
    if (admission.delayMs > 0) await sleep(admission.delayMs);
    const account = await attempt();
    if (!account) return { ok: false, reason: 'invalid' };
    await this.throttle.succeed(keys);
    return { ok: true, account };
  }

  private async findForSignIn(accountId: string): Promise<Found | undefined> {
    const [type, id] = accountId.split(':');
    if (type === 'person') {
      const [row]: PersonRow[] = await this.dataSource.query('SELECT * FROM identity.persons WHERE id = $1', [id]);
      return row ? personFound(row) : undefined;
    }
    const [row]: StaffRow[] = type === 'staff' ? await this.dataSource.query('SELECT * FROM identity.staff WHERE id = $1', [id]) : [];
    return row ? staffFound(row) : undefined;
  }

  private async findPerson(idNumber: string): Promise<Found | undefined> {
    const [row]: PersonRow[] = await this.dataSource.query('SELECT * FROM identity.persons WHERE id_number_token = $1', [this.personLookupToken(idNumber)]);
    return row ? personFound(row) : undefined;
  }

  private async findStaff(username: string): Promise<Found | undefined> {
    const [row]: StaffRow[] = await this.dataSource.query('SELECT * FROM identity.staff WHERE username = $1', [username]);
    return row ? staffFound(row) : undefined;
  }
}

interface PersonRow {
  id: string;
  id_number_token: string;
  name_envelope: string;
  mobile_envelope: string | null;
  assurance_level: number;
  password_hash: string | null;
}

interface StaffRow {
  id: string;
  username: string;
  name: string;
  department_code: string;
  roles: Role[];
  assurance_level: number;
  password_hash: string;
}

function personAccount(row: PersonRow): Account {
  const factors: AuthFactor[] = [...(row.password_hash ? [authMethods.password] : []), ...(row.mobile_envelope ? [authMethods.sms] : [])];
  return { accountId: `person:${row.id}`, type: 'person', assuranceLevel: row.assurance_level, factors, roles: [] };
}

function staffAccount(row: StaffRow): Account {
  return {
    accountId: `staff:${row.id}`,
    type: 'staff',
    assuranceLevel: row.assurance_level,
    factors: [authMethods.password],
    departmentCode: row.department_code,
    roles: row.roles,
  };
}

function personFound(row: PersonRow): Found {
  return { account: personAccount(row), passwordHash: row.password_hash, throttleKey: `person:${row.id_number_token}` };
}

function staffFound(row: StaffRow): Found {
  return { account: staffAccount(row), passwordHash: row.password_hash, throttleKey: `staff:${row.username}` };
}
