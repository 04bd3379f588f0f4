export { code, madeStorable, personalText, searchText, secretText, shownText, textKindOf, textOf, unstorableIn } from './common/text.js';
export type { TextKind } from './common/text.js';
export { keptText } from './common/kept-text.js';
export { personalDataIn } from './common/personal-data.js';
export type { PersonalDataKind } from './common/personal-data.js';
export { pathName, schemaLeaves } from './common/schema-walk.js';
export type { PathStep, SchemaLeaf, SchemaLeaves } from './common/schema-walk.js';
export { anonymousCaller, Caller, CallerType, systemCaller } from './messaging/caller.js';
export { messageHeaders, requestIdPattern } from './messaging/headers.js';
export {
  assertValidPrefix,
  eventSubjectGroups,
  eventSubjects,
  longestTokenLifetimeMs,
  prefixed,
  requestSubjects,
  streamMaxBytesVariable,
  streamName,
  streams,
  streamSubjects,
} from './messaging/subjects.js';
export type { StreamDefinition, StreamKey, StreamRetention } from './messaging/subjects.js';
export { defineEvent, defineRequest, ErrorBody, EventEnvelope } from './messaging/define.js';
export type { EventDefinition, ReplyEnvelope, ReplyOf, RequestDefinition, RequestOf } from './messaging/define.js';
export { busAccess, busApps, diagnosticsAccess, diagnosticsApp, inboxPrefixOf } from './messaging/bus-access.js';
export type { BusAccess, BusApp } from './messaging/bus-access.js';
export { errorCatalog, isErrorCode, problemTypeOf, statusOf } from './errors/error-codes.js';
export type { ErrorCode, FieldError } from './errors/error-codes.js';
export { Problem, problemContentType } from './http/problem.js';
export { defineRoute, toRouterPath } from './http/define-route.js';
export type { HttpMethod, RouteAccess, RouteDefinition, RouteInput } from './http/define-route.js';
export { httpRoutes } from './http/routes.js';
export {
  CreateItemBody,
  DepartmentCode,
  DivisionCode,
  FeeAmount,
  Item,
  ItemCode,
  ItemKind,
  itemKinds,
  ItemLevel,
  ItemPage,
  ItemSearchQuery,
  ItemSpec,
  ItemStatus,
  Material,
  MaterialForm,
  maxPageSize,
  PublishItemBody,
  ServiceChannel,
  UpdateItemBody,
  WithdrawItemBody,
} from './item/item.schema.js';
export { IdempotencyKey, itemEvents, itemRequests } from './item/item.messages.js';
export { itemRoutes } from './item/item.routes.js';
export {
  CalendarChanged,
  CalendarDay,
  CalendarDayKind,
  CalendarDays,
  CalendarQuery,
  CalendarSnapshot,
  calendarYears,
  LocalDate,
  RemovedCalendarDay,
  SetCalendarDay,
  SetCalendarDaysBody,
} from './item/calendar.schema.js';
export { calendarEvents, calendarRequests } from './item/calendar.messages.js';
export { calendarRoutes } from './item/calendar.routes.js';
export {
  actingForParameter,
  AppAuthMethod,
  AppOwner,
  ClientId,
  CreateAppBody,
  DepartmentApp,
  DepartmentAppList,
  DepartmentAppWithSecret,
  Enterprise,
  Me,
  RegisteredPerson,
  RegisterEnterpriseBody,
  RegisterPersonBody,
  RegistrationStarted,
  Role,
  Scope,
  scopes,
  scopesOfRole,
  StartRegistrationBody,
  tokenClaims,
} from './identity/identity.schema.js';
export { acrValuesFrom, amrOf, assuranceLevels, authenticationLevel, authMethods, lowestAcrOf, signInAcr } from './identity/assurance.js';
export type { AssuranceLevel, AuthFactor } from './identity/assurance.js';
export { identityEvents, identityRequests } from './identity/identity.messages.js';
export { identityRoutes } from './identity/identity.routes.js';
export {
  Catalog,
  CatalogCode,
  CatalogField,
  CatalogPage,
  CatalogSearchQuery,
  CatalogSpec,
  CatalogStatus,
  CatalogSummary,
  CategoryCode,
  CreateCatalogBody,
  FieldName,
  FieldType,
  Grade,
  ImportBatch,
  ImportBatchResult,
  ImportResult,
  ImportRow,
  LoadResourceBatch,
  LoadResult,
  maxCatalogFields,
  maxKeyFields,
  OpenType,
  PersonalInfoType,
  RejectedRow,
  ResourceRow,
  ShareType,
  SharingPolicy,
  UpdateCatalogBody,
  UpdateFrequency,
} from './exchange/catalog.schema.js';
export { GuideCategory, GuideCategoryBody, GuideCategoryList, GuideChangeResult } from './exchange/guide.schema.js';
export {
  ApproveDemandBody,
  CreateDemandBody,
  CreateNegativeBody,
  Demand,
  DemandPage,
  DemandStatus,
  DemandTransition,
  DockingEntry,
  DockingEntryWithHistory,
  DockingPage,
  DockingStatus,
  DockingTransition,
  ExchangeStats,
  LegalBasis,
  ListQuery,
  NegativeEntry,
  NegativePage,
  ReasonBody,
  ResponsibilityEntry,
  ResponsibilityPage,
} from './exchange/sharing.schema.js';
export { CallListQuery, CallPage, CallRecord, CallRequest, DataQueryBody, DataQueryResult, DataVerifyBody, DataVerifyResult } from './exchange/call.schema.js';
export { exchangeEvents, exchangeRequests } from './exchange/exchange.messages.js';
export { exchangeRoutes } from './exchange/exchange.routes.js';
export { callRoutes } from './exchange/call.routes.js';
export { diagnosticsRequests, EchoBody, echoRoute } from './diagnostics/echo.js';
export { listExports } from './exchange/list-exports.js';
export type { ListExport } from './exchange/list-exports.js';
export { dataCallDenials } from './exchange/call-denials.js';
export type { DataCallDenial } from './exchange/call-denials.js';
