import { Injectable } from '@nestjs/common';
import { exchangeRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { CallAuditService } from './call-audit.service.js';
import { CallService } from './call.service.js';

@Injectable()
export class CallHandlers {
  constructor(
    private readonly calls: CallService,
    private readonly audit: CallAuditService,
  ) {}

  @HandleRequest(exchangeRequests.query)
  query(request: RequestOf<typeof exchangeRequests.query>, ctx: RequestContext) {
    return this.calls.query(request.catalogCode, request.body, ctx);
  }

  @HandleRequest(exchangeRequests.verify)
  verify(request: RequestOf<typeof exchangeRequests.verify>, ctx: RequestContext) {
    return this.calls.verify(request.catalogCode, request.body, ctx);
  }

  @HandleRequest(exchangeRequests.listCalls)
  list(request: RequestOf<typeof exchangeRequests.listCalls>, { caller }: RequestContext) {
    return this.audit.list(request, caller);
  }
}
