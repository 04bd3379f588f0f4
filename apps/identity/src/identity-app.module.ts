import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, EventsModule, messagingOptionsFor, MessagingModule, PlatformModule, type AppLogger } from '@igs/platform';
import { AccountsService } from './accounts/accounts.service.js';
import { LoginThrottle } from './accounts/login-throttle.js';
import { AppsHandlers } from './apps/apps.handlers.js';
import { AppsService } from './apps/apps.service.js';
import type { IdentityConfig } from './config.js';
import { IDENTITY_CONFIG } from './identity.options.js';
import { SigningKeysHandlers } from './keys/signing-keys.handlers.js';
import { SigningKeys } from './keys/signing-keys.service.js';
import { PersonsHandlers } from './persons/persons.handlers.js';
import { PersonsService } from './persons/persons.service.js';
import { RegistrationService } from './persons/registration.service.js';
import { CreateIdentity1764120000000 } from './migrations/1764120000000-create-identity.js';
import { InteractionController } from './oidc/interaction.controller.js';
import { OidcService } from './oidc/oidc.service.js';
import { StepUpController } from './oidc/step-up.controller.js';
import { RealmImporter } from './realm/realm.importer.js';
import { SmsCodesService } from './sms/sms-codes.service.js';
import { LogSmsSender, SmsSender } from './sms/sms-sender.js';
import { CreateSmsCodes1764120000001 } from './migrations/1764120000001-create-sms-codes.js';
import { CreateGrantEnterprises1764120000002 } from './migrations/1764120000002-create-grant-enterprises.js';
import { AppTokenGeneration1764120000003 } from './migrations/1764120000003-app-token-generation.js';
import { CreateRegistrationCodes1764120000004 } from './migrations/1764120000004-create-registration-codes.js';

export const identitySchema = 'identity';

@Module({})
export class IdentityAppModule {
  static forRoot(config: IdentityConfig, logger: AppLogger, smsSender: SmsSender = new LogSmsSender(logger)): DynamicModule {
    return {
      module: IdentityAppModule,
      imports: [
        PlatformModule.forRoot(logger),
        MessagingModule.forRoot(messagingOptionsFor('identity', config)),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: identitySchema,
          poolSize: config.DATABASE_POOL_SIZE,
          entities: [],
          migrations: [
            CreateIdentity1764120000000,
            CreateSmsCodes1764120000001,
            CreateGrantEnterprises1764120000002,
            AppTokenGeneration1764120000003,
            CreateRegistrationCodes1764120000004,
          ],
        }),
        EventsModule.forRoot({ schema: identitySchema, stream: 'identity' }),
      ],
      controllers: [InteractionController, StepUpController],
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        SigningKeys,
        SigningKeysHandlers,
        PersonsService,
        RegistrationService,
        PersonsHandlers,
        LoginThrottle,
        AccountsService,
        AppsService,
        AppsHandlers,
        RealmImporter,
        OidcService,
        SmsCodesService,
        { provide: SmsSender, useValue: smsSender },
      ],
    };
  }
}
