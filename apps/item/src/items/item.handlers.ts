import { Injectable } from '@nestjs/common';
import { itemRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { ItemService } from './item.service.js';

/** Translates item requests from NATS into service calls. */
@Injectable()
export class ItemHandlers {
  constructor(private readonly items: ItemService) {}

  @HandleRequest(itemRequests.create)
  create(request: RequestOf<typeof itemRequests.create>, { caller }: RequestContext) {
    return this.items.create(request.item, caller, request.idempotencyKey);
  }

  @HandleRequest(itemRequests.update)
  update(request: RequestOf<typeof itemRequests.update>, { caller }: RequestContext) {
    return this.items.update(request.code, request.changes, caller);
  }

  @HandleRequest(itemRequests.publish)
  publish(request: RequestOf<typeof itemRequests.publish>, { caller }: RequestContext) {
    return this.items.publish(request.code, request.revision, caller);
  }

  @HandleRequest(itemRequests.withdraw)
  withdraw(request: RequestOf<typeof itemRequests.withdraw>, { caller }: RequestContext) {
    return this.items.withdraw(request.code, request.reason, caller);
  }

  @HandleRequest(itemRequests.get)
  get(request: RequestOf<typeof itemRequests.get>) {
    return this.items.get(request.code, request.version);
  }

  @HandleRequest(itemRequests.search)
  search(request: RequestOf<typeof itemRequests.search>) {
    return this.items.search(request);
  }
}
