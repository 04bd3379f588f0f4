import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { identityEvents, identityRequests, scopes, type RequestOf } from '@igs/contracts';
import { HandleRequest, MessageBus, requireScope, UnitOfWork, type RequestContext } from '@igs/platform';
import { OidcService } from '../oidc/oidc.service.js';
import { SigningKeys } from './signing-keys.service.js';

/** Key rotation on request; every replica rebuilds its provider when it hears of one. */
@Injectable()
export class SigningKeysHandlers implements OnApplicationBootstrap {
  constructor(
    private readonly keys: SigningKeys,
    private readonly oidc: OidcService,
    private readonly uow: UnitOfWork,
    private readonly bus: MessageBus,
  ) {}

  onApplicationBootstrap(): void {
    this.bus.broadcast(identityEvents.signingKeyRotated, () => void this.oidc.rebuild());
  }

  @HandleRequest(identityRequests.rotateSigningKey)
  async rotate(_request: RequestOf<typeof identityRequests.rotateSigningKey>, { caller }: RequestContext) {
    requireScope(caller, scopes.identityAdmin);
    const kid = await this.uow.run(async (tx) => {
      const next = await this.keys.rotate(tx.manager);
      await tx.publish(identityEvents.signingKeyRotated, { kid: next }, caller);
      return next;
    });
    await this.oidc.rebuild();
    return { kid };
  }
}
