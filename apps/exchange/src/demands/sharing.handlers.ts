import { Injectable } from '@nestjs/common';
import { exchangeRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { ListsService } from '../lists/lists.service.js';
import { StatsService } from '../lists/stats.service.js';
import { DemandService } from './demand.service.js';

@Injectable()
export class SharingHandlers {
  constructor(
    private readonly demands: DemandService,
    private readonly lists: ListsService,
    private readonly figures: StatsService,
  ) {}

  @HandleRequest(exchangeRequests.createDemand)
  createDemand(request: RequestOf<typeof exchangeRequests.createDemand>, { caller }: RequestContext) {
    return this.demands.create(request, caller);
  }

  @HandleRequest(exchangeRequests.getDemand)
  getDemand(request: RequestOf<typeof exchangeRequests.getDemand>, { caller }: RequestContext) {
    return this.demands.get(request.id, caller);
  }

  @HandleRequest(exchangeRequests.listDemands)
  listDemands(request: RequestOf<typeof exchangeRequests.listDemands>, { caller }: RequestContext) {
    return this.demands.list(request, caller);
  }

  @HandleRequest(exchangeRequests.approveDemand)
  approveDemand(request: RequestOf<typeof exchangeRequests.approveDemand>, { caller }: RequestContext) {
    const { id, ...body } = request;
    return this.demands.approve(id, body, caller);
  }

  @HandleRequest(exchangeRequests.rejectDemand)
  rejectDemand(request: RequestOf<typeof exchangeRequests.rejectDemand>, { caller }: RequestContext) {
    return this.demands.reject(request.id, request.reason, caller);
  }

  @HandleRequest(exchangeRequests.withdrawDemand)
  withdrawDemand(request: RequestOf<typeof exchangeRequests.withdrawDemand>, { caller }: RequestContext) {
    return this.demands.withdraw(request.id, request.reason, caller);
  }

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
    return this.figures.stats(caller);
  }
}
