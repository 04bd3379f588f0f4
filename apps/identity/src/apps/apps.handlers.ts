import { Injectable } from '@nestjs/common';
import { identityRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { AppsService } from './apps.service.js';

@Injectable()
export class AppsHandlers {
  constructor(private readonly apps: AppsService) {}

  @HandleRequest(identityRequests.createApp)
  create(request: RequestOf<typeof identityRequests.createApp>, { caller }: RequestContext) {
    return this.apps.create(request, caller);
  }

  @HandleRequest(identityRequests.listApps)
  list(request: RequestOf<typeof identityRequests.listApps>, { caller }: RequestContext) {
    return this.apps.list(request, caller);
  }

  @HandleRequest(identityRequests.disableApp)
  disable(request: RequestOf<typeof identityRequests.disableApp>, { caller }: RequestContext) {
    return this.apps.setStatus(request.clientId, 'disabled', caller);
  }

  @HandleRequest(identityRequests.enableApp)
  enable(request: RequestOf<typeof identityRequests.enableApp>, { caller }: RequestContext) {
    return this.apps.setStatus(request.clientId, 'active', caller);
  }

  @HandleRequest(identityRequests.rotateAppSecret)
  rotateSecret(request: RequestOf<typeof identityRequests.rotateAppSecret>, { caller }: RequestContext) {
    return this.apps.rotateSecret(request.clientId, caller);
  }

  @HandleRequest(identityRequests.lookupApp)
  lookup(request: RequestOf<typeof identityRequests.lookupApp>, { caller }: RequestContext) {
    return this.apps.owner(request.clientId, caller);
  }
}
