import { Injectable } from '@nestjs/common';
import { exchangeRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { DemandService } from './demand.service.js';

@Injectable()
export class DemandHandlers {
  constructor(private readonly demands: DemandService) {}

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
}
