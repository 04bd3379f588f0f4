import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { amrOf, identityEvents, signInAcr, systemCaller } from '@igs/contracts';
import { LOGGER, UnitOfWork, type AppLogger } from '@igs/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import type Provider from 'oidc-provider';
import type { DataSource } from 'typeorm';
import { AccountsService, type Account } from '../accounts/accounts.service.js';
import { LoginThrottle } from '../accounts/login-throttle.js';
import { AppsService } from '../apps/apps.service.js';
import { PersonsService } from '../persons/persons.service.js';
import { IDENTITY_CONFIG, type IdentityConfig } from '../identity.options.js';
import { SigningKeys } from '../keys/signing-keys.service.js';
import { RealmImporter } from '../realm/realm.importer.js';
import { createProvider } from './provider.factory.js';

/** Holds the OpenID provider, built once the signing keys and the realm are in place. */
@Injectable()
export class OidcService implements OnModuleInit {
  private current?: Provider;
  private handler?: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly keys: SigningKeys,
    private readonly accounts: AccountsService,
    private readonly apps: AppsService,
    private readonly persons: PersonsService,
    private readonly throttle: LoginThrottle,
    private readonly realm: RealmImporter,
    private readonly uow: UnitOfWork,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.keys.ensureActive();
    await this.realm.importConfigured();
    await this.rebuild();
  }

  /** Rebuilds the provider, e.g. after a signing key rotation, so the new key signs. */
  async rebuild(): Promise<void> {
    this.current = await createProvider({
      config: this.config,
      dataSource: this.dataSource,
      accounts: this.accounts,
      apps: this.apps,
      persons: this.persons,
      throttle: this.throttle,
      jwks: await this.keys.privateJwks(),
      publicClients: this.realm.publicClients,
      onGrantRevoked: (grantId) =>
        this.uow
          .run((tx) => tx.publish(identityEvents.grantRevoked, { grantId }, systemCaller('identity')))
          .then(() => undefined)
          .catch((error: unknown) => this.logger.error({ err: error }, 'could not announce a revoked grant')),
    });
    this.handler = this.current.callback() as unknown as (req: IncomingMessage, res: ServerResponse) => void;
  }

  get provider(): Provider {
    if (!this.current) throw new Error('the OpenID provider is not ready');
    return this.current;
  }

  /**
   * Ends the login step with what this sign-in proves: the factors used (`amr`) and the
   * `acr` they give this account, capped by its identity-proofing level. The caller has
   * hijacked the reply: the provider redirects.
   */
  async finishSignIn(req: IncomingMessage, res: ServerResponse, account: Account, factors: readonly string[]): Promise<void> {
    const amr = amrOf(factors);
    await this.provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.accountId, acr: String(signInAcr(account.assuranceLevel, amr)), amr } },
      { mergeWithLastSubmission: false },
    );
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.handler) throw new Error('the OpenID provider is not ready');
    this.handler(req, res);
  }
}
