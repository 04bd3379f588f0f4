import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { shownText } from '../common/text.js';
import { defineEvent, defineRequest } from '../messaging/define.js';
import { eventSubjects, requestSubjects } from '../messaging/subjects.js';
import {
  Catalog,
  CatalogCode,
  CatalogPage,
  CatalogSearchQuery,
  CategoryCode,
  CreateCatalogBody,
  ImportBatch,
  ImportBatchResult,
  LoadResourceBatch,
  UpdateCatalogBody,
} from './catalog.schema.js';
import { CallListQuery, CallPage, CallRequest, DataQueryBody, DataQueryResult, DataVerifyBody, DataVerifyResult } from './call.schema.js';
import { GuideCategory, GuideCategoryBody, GuideCategoryList, GuideChangeResult } from './guide.schema.js';
import {
  ApproveDemandBody,
  CreateDemandBody,
  CreateNegativeBody,
  Demand,
  DemandPage,
  DockingEntry,
  DockingEntryWithHistory,
  DockingPage,
  LegalBasis,
  ExchangeStats,
  ListQuery,
  NegativeEntry,
  NegativePage,
  ReasonBody,
  ResponsibilityPage,
} from './sharing.schema.js';

export const exchangeRequests = {
  createCatalog: defineRequest({ subject: requestSubjects.exchange.createCatalog, request: CreateCatalogBody, reply: Catalog }),
  updateCatalog: defineRequest({
    subject: requestSubjects.exchange.updateCatalog,
    request: z.object({ code: CatalogCode, changes: UpdateCatalogBody }),
    reply: Catalog,
  }),
  retireCatalog: defineRequest({
    subject: requestSubjects.exchange.retireCatalog,
    request: z.object({ code: CatalogCode, reason: keptText(2, 500) }),
    reply: Catalog,
  }),
  publishCatalog: defineRequest({
    subject: requestSubjects.exchange.publishCatalog,
    request: z.object({ code: CatalogCode, revision: z.int().min(0), legalBasis: LegalBasis }),
    reply: Catalog,
  }),
  getCatalog: defineRequest({ subject: requestSubjects.exchange.getCatalog, request: z.object({ code: CatalogCode }), reply: Catalog }),
  searchCatalogs: defineRequest({ subject: requestSubjects.exchange.searchCatalogs, request: CatalogSearchQuery, reply: CatalogPage }),
  loadResource: defineRequest({ subject: requestSubjects.exchange.loadResource, request: LoadResourceBatch, reply: ImportBatchResult }),
  importCatalogs: defineRequest({ subject: requestSubjects.exchange.importCatalogs, request: ImportBatch, reply: ImportBatchResult }),
  putGuideCategory: defineRequest({
    subject: requestSubjects.exchange.putGuideCategory,
    request: GuideCategoryBody.extend({ code: CategoryCode }),
    reply: GuideChangeResult,
  }),
  listGuide: defineRequest({ subject: requestSubjects.exchange.listGuide, request: z.object({}), reply: GuideCategoryList }),
  createDemand: defineRequest({ subject: requestSubjects.exchange.createDemand, request: CreateDemandBody, reply: Demand }),
  getDemand: defineRequest({ subject: requestSubjects.exchange.getDemand, request: z.object({ id: z.uuid() }), reply: Demand }),
  listDemands: defineRequest({ subject: requestSubjects.exchange.listDemands, request: ListQuery, reply: DemandPage }),
  approveDemand: defineRequest({ subject: requestSubjects.exchange.approveDemand, request: ApproveDemandBody.extend({ id: z.uuid() }), reply: Demand }),
  rejectDemand: defineRequest({ subject: requestSubjects.exchange.rejectDemand, request: ReasonBody.extend({ id: z.uuid() }), reply: Demand }),
  withdrawDemand: defineRequest({ subject: requestSubjects.exchange.withdrawDemand, request: ReasonBody.extend({ id: z.uuid() }), reply: Demand }),
  getDocking: defineRequest({ subject: requestSubjects.exchange.getDocking, request: z.object({ id: z.uuid() }), reply: DockingEntryWithHistory }),
  listDocking: defineRequest({ subject: requestSubjects.exchange.listDocking, request: ListQuery, reply: DockingPage }),
  changeDocking: defineRequest({
    subject: requestSubjects.exchange.changeDocking,
    request: ReasonBody.extend({ id: z.uuid(), action: z.enum(['suspend', 'resume', 'revoke']) }),
    reply: DockingEntry,
  }),
  listNegative: defineRequest({ subject: requestSubjects.exchange.listNegative, request: ListQuery, reply: NegativePage }),
  addNegative: defineRequest({ subject: requestSubjects.exchange.addNegative, request: CreateNegativeBody, reply: NegativeEntry }),
  listResponsibilities: defineRequest({ subject: requestSubjects.exchange.listResponsibilities, request: ListQuery, reply: ResponsibilityPage }),
  query: defineRequest({ subject: requestSubjects.exchange.callQuery, request: CallRequest(DataQueryBody), reply: DataQueryResult }),
  verify: defineRequest({ subject: requestSubjects.exchange.callVerify, request: CallRequest(DataVerifyBody), reply: DataVerifyResult }),
  listCalls: defineRequest({ subject: requestSubjects.exchange.listCalls, request: CallListQuery, reply: CallPage }),
  stats: defineRequest({ subject: requestSubjects.exchange.stats, request: z.object({}), reply: ExchangeStats }),
};

const DemandEvent = z.object({ id: z.uuid(), catalogCode: shownText(), consumerDepartment: shownText(), providerDepartment: shownText() });

export const exchangeEvents = {
  catalogPublished: defineEvent(
    eventSubjects.exchange.catalogPublished,
    z.object({ code: shownText(), version: z.int(), providerDepartment: shownText(), shareType: shownText() }),
  ),
  catalogRetired: defineEvent(eventSubjects.exchange.catalogRetired, z.object({ code: shownText(), reason: shownText(), revokedDockings: z.int() })),
  catalogNonCompliant: defineEvent(eventSubjects.exchange.catalogNonCompliant, z.object({ code: shownText(), violations: z.array(shownText()) })),
  guideChanged: defineEvent(eventSubjects.exchange.guideChanged, GuideCategory),
  responsibilityAssigned: defineEvent(
    eventSubjects.exchange.responsibilityAssigned,
    z.object({ catalogCode: shownText(), departmentCode: shownText(), fields: z.array(shownText()) }),
  ),
  demandRequested: defineEvent(eventSubjects.exchange.demandRequested, DemandEvent),
  demandApproved: defineEvent(eventSubjects.exchange.demandApproved, DemandEvent),
  demandRejected: defineEvent(eventSubjects.exchange.demandRejected, DemandEvent),
  demandWithdrawn: defineEvent(eventSubjects.exchange.demandWithdrawn, DemandEvent),
  /** Docking events carry the whole entry: the data-call path keeps its copy of the list from them. */
  dockingApproved: defineEvent(eventSubjects.exchange.dockingApproved, DockingEntry),
  dockingSuspended: defineEvent(eventSubjects.exchange.dockingSuspended, DockingEntry),
  dockingResumed: defineEvent(eventSubjects.exchange.dockingResumed, DockingEntry),
  dockingRevoked: defineEvent(eventSubjects.exchange.dockingRevoked, DockingEntry),
  negativeAdded: defineEvent(eventSubjects.exchange.negativeAdded, NegativeEntry),
};
