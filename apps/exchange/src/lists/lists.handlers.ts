import { Injectable } from '@nestjs/common';
import { exchangeRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { ListsService } from './lists.service.js';
import { FiguresService } from './figures.service.js';

@Injectable()
export class ListsHandlers {
  constructor(
    private readonly lists: ListsService,
    private readonly figures: FiguresService,
  ) {}

  @HandleRequest(exchangeRequests.listDocking)
  listDocking(request: RequestOf<typeof exchangeRequests.listDocking>, { caller }: RequestContext) {
    return this.lists.listDocking(request, caller);
  }

  @HandleRequest(exchangeRequests.getDocking)
  getDocking(request: RequestOf<typeof exchangeRequests.getDocking>, { caller }: RequestContext) {
    return this.lists.getDocking(request.id, caller);
  }

  @HandleRequest(exchangeRequests.changeDocking)
  changeDocking(request: RequestOf<typeof exchangeRequests.changeDocking>, { caller }: RequestContext) {
    return this.lists.changeDocking(request.id, request.action, request.reason, caller);
  }

  @HandleRequest(exchangeRequests.listNegative)
  listNegative(request: RequestOf<typeof exchangeRequests.listNegative>, { caller }: RequestContext) {
    return this.lists.listNegative(request, caller);
  }

  @HandleRequest(exchangeRequests.addNegative)
  addNegative(request: RequestOf<typeof exchangeRequests.addNegative>, { caller }: RequestContext) {
    return this.lists.addNegative(request, caller);
  }

  @HandleRequest(exchangeRequests.listResponsibilities)
  listResponsibilities(request: RequestOf<typeof exchangeRequests.listResponsibilities>, { caller }: RequestContext) {
    return this.lists.listResponsibilities(request, caller);
  }

  @HandleRequest(exchangeRequests.stats)
  stats(_request: RequestOf<typeof exchangeRequests.stats>, { caller }: RequestContext) {
    return this.figures.figures(caller);
  }
}
