import { z } from 'zod';
import { defineEvent, defineRequest } from '../messaging/define.js';
import { eventSubjects, requestSubjects } from '../messaging/subjects.js';
import { Catalog, CatalogCode, CatalogPage, CatalogSearchQuery, CategoryCode, CreateCatalogBody, ImportBatch, ImportBatchResult } from './catalog.schema.js';
import { GuideCategory, GuideCategoryBody, GuideCategoryList, GuideChangeResult } from './guide.schema.js';

export const exchangeRequests = {
  createCatalog: defineRequest({ subject: requestSubjects.exchange.createCatalog, request: CreateCatalogBody, reply: Catalog }),
  publishCatalog: defineRequest({
    subject: requestSubjects.exchange.publishCatalog,
    request: z.object({ code: CatalogCode, revision: z.int().min(0), legalBasis: z.string().trim().min(2).max(2000) }),
    reply: Catalog,
  }),
  getCatalog: defineRequest({ subject: requestSubjects.exchange.getCatalog, request: z.object({ code: CatalogCode }), reply: Catalog }),
  searchCatalogs: defineRequest({ subject: requestSubjects.exchange.searchCatalogs, request: CatalogSearchQuery, reply: CatalogPage }),
  importCatalogs: defineRequest({ subject: requestSubjects.exchange.importCatalogs, request: ImportBatch, reply: ImportBatchResult }),
  putGuideCategory: defineRequest({
    subject: requestSubjects.exchange.putGuideCategory,
    request: GuideCategoryBody.extend({ code: CategoryCode }),
    reply: GuideChangeResult,
  }),
  listGuide: defineRequest({ subject: requestSubjects.exchange.listGuide, request: z.object({}), reply: GuideCategoryList }),
};

export const exchangeEvents = {
  catalogPublished: defineEvent(eventSubjects.exchange.catalogPublished, z.object({ code: z.string(), version: z.int(), providerDepartment: z.string(), shareType: z.string() })),
  catalogNonCompliant: defineEvent(eventSubjects.exchange.catalogNonCompliant, z.object({ code: z.string(), violations: z.array(z.string()) })),
  guideChanged: defineEvent(eventSubjects.exchange.guideChanged, GuideCategory),
};
