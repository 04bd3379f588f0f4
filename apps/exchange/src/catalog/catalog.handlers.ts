import { Injectable } from '@nestjs/common';
import { exchangeRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { GuideService } from '../guide/guide.service.js';
import { CatalogService } from './catalog.service.js';

@Injectable()
export class CatalogHandlers {
  constructor(
    private readonly catalogs: CatalogService,
    private readonly guide: GuideService,
  ) {}

  @HandleRequest(exchangeRequests.createCatalog)
  create(request: RequestOf<typeof exchangeRequests.createCatalog>, { caller }: RequestContext) {
    return this.catalogs.create(request, caller);
  }

  @HandleRequest(exchangeRequests.updateCatalog)
  update(request: RequestOf<typeof exchangeRequests.updateCatalog>, { caller }: RequestContext) {
    return this.catalogs.update(request.code, request.changes, caller);
  }

  @HandleRequest(exchangeRequests.retireCatalog)
  retire(request: RequestOf<typeof exchangeRequests.retireCatalog>, { caller }: RequestContext) {
    return this.catalogs.retire(request.code, request.reason, caller);
  }

  @HandleRequest(exchangeRequests.publishCatalog)
  publish(request: RequestOf<typeof exchangeRequests.publishCatalog>, { caller }: RequestContext) {
    return this.catalogs.publish(request.code, request.revision, request.legalBasis, caller);
  }

  @HandleRequest(exchangeRequests.getCatalog)
  get(request: RequestOf<typeof exchangeRequests.getCatalog>, { caller }: RequestContext) {
    return this.catalogs.get(request.code, caller);
  }

  @HandleRequest(exchangeRequests.searchCatalogs)
  search(request: RequestOf<typeof exchangeRequests.searchCatalogs>, { caller }: RequestContext) {
    return this.catalogs.search(request, caller);
  }

  @HandleRequest(exchangeRequests.importCatalogs)
  importBatch(request: RequestOf<typeof exchangeRequests.importCatalogs>, { caller }: RequestContext) {
    return this.catalogs.importBatch(request.rows, caller);
  }

  @HandleRequest(exchangeRequests.listGuide)
  listGuide(_request: RequestOf<typeof exchangeRequests.listGuide>, { caller }: RequestContext) {
    return this.guide.list(caller);
  }

  @HandleRequest(exchangeRequests.putGuideCategory)
  putGuideCategory(request: RequestOf<typeof exchangeRequests.putGuideCategory>, { caller }: RequestContext) {
    return this.guide.put(request.code, request.name, request.minGrade, caller);
  }
}
