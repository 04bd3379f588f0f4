import { Injectable } from '@nestjs/common';
import { exchangeRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { ResourceService } from './resource.service.js';

@Injectable()
export class ResourceHandlers {
  constructor(private readonly resources: ResourceService) {}

  @HandleRequest(exchangeRequests.loadResource)
  load(request: RequestOf<typeof exchangeRequests.loadResource>, { caller }: RequestContext) {
    return this.resources.loadBatch(request.catalogCode, request.loadId, request.sourceSystem, request.rows, caller);
  }
}
