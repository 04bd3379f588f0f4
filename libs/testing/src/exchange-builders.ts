import assert from 'node:assert/strict';
import { newCatalogBody } from './catalog-fixture.js';
import type { CreateCatalogBody, CreateDemandBody, Demand, LoadResult } from '@igs/contracts';

/** One HTTP exchange with the gateway, as a spec's own helper answers it. */
export interface BuilderAnswer<T> {
  status: number;
  body: T;
}

/** How the builders reach the gateway: the spec's HTTP helper, bound to the platform's address. */
export type BuilderRequest = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<BuilderAnswer<T>>;

/** A department system of the demo realm: its client id and secret follow the realm's naming. */
export const demoApp = (name: string) => ({ clientId: `${name}-system`, secret: `demo-secret-${name}-change-me` });

/** A demand for the fields of a catalog, as a consumer department files it; `overrides` changes any of it. */
export function demandBody(catalogCode: string, fields: string[], overrides: Partial<CreateDemandBody> = {}) {
  return {
    ...{ catalogCode, fields, purpose: '核验', scenario: '联办', legalBasis: '《个人信息保护法》第十三条' },
    ...{ validFrom: '2026-01-01', validTo: '2030-12-31', expectedDailyVolume: 100 },
    ...overrides,
  };
}

export interface DockOptions {
  /** Fields of the demand beyond the catalog and its fields (a validity window, for example). */
  demand?: Partial<CreateDemandBody>;
  dailyQuota?: number;
}

const exchange = '/api/v1/exchange';

/**
 * Builds what one exchange case needs through the gateway, each time with codes of its own, so
 * that no case depends on what another left behind (immich's medium-spec factories, over HTTP).
 */
export class ExchangeBuilders {
  constructor(
    private readonly request: BuilderRequest,
    /** Bearer headers of a department system holding the given scopes. */
    readonly appToken: (app: string, scopes: string) => Promise<Record<string, string>>,
    /** The provider's headers: it creates, publishes and loads catalogs and decides demands. */
    private readonly provider: Record<string, string>,
  ) {}

  /** A catalog of its own code, created and published by the provider. */
  async publishedCatalog(overrides: Partial<CreateCatalogBody> = {}): Promise<CreateCatalogBody> {
    const catalog = await this.draftCatalog(overrides);
    const published = await this.request(
      'POST',
      `${exchange}/catalogs/${catalog.code}/publish`,
      { revision: 0, legalBasis: '《居民身份证法》' },
      this.provider,
    );
    assert.equal(published.status, 200, JSON.stringify(published.body));
    return catalog;
  }

  /** A catalog of its own code, created and left unpublished. */
  async draftCatalog(overrides: Partial<CreateCatalogBody> = {}): Promise<CreateCatalogBody> {
    const catalog = newCatalogBody(overrides);
    const created = await this.request('POST', `${exchange}/catalogs`, catalog, this.provider);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return catalog;
  }

  /** Loads rows into a catalog's resource as the provider's source system sends them. */
  async loadRows(catalog: { code: string }, rows: readonly Record<string, unknown>[], sourceSystem = 'ps-population-db') {
    const ndjson = rows.map((row) => JSON.stringify(row)).join('\n');
    const headers = { ...this.provider, 'content-type': 'application/x-ndjson', 'x-source-system': sourceSystem };
    const loaded = await this.request<LoadResult>('POST', `${exchange}/catalogs/${catalog.code}/resource`, ndjson, headers);
    assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
    assert.equal(loaded.body.accepted, rows.length, JSON.stringify(loaded.body));
    return loaded.body;
  }

  /** A docking entry: the consumer asks for the fields, the provider approves them; its id. */
  async dock(consumer: string, catalog: { code: string }, fields: string[], options: DockOptions = {}): Promise<string> {
    const demand = demandBody(catalog.code, fields, options.demand);
    const consumerHeaders = await this.appToken(consumer, 'exchange:read exchange:catalog data:call');
    const asked = await this.request<Demand>('POST', `${exchange}/demands`, demand, consumerHeaders);
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const approval = { fields, dailyQuota: options.dailyQuota ?? 1000 };
    const approved = await this.request<Demand>('POST', `${exchange}/demands/${asked.body.id}/approve`, approval, this.provider);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.ok(approved.body.dockingId, 'an approved demand names its docking entry');
    return approved.body.dockingId;
  }
}
