import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ItemSearchQuery } from '@igs/contracts';
import { SqlFilter } from '@igs/platform';
import { In, type EntityManager, type Repository } from 'typeorm';
import { ItemVersion } from './item-version.entity.js';

/** Queries on item versions; no rules here. */
@Injectable()
export class ItemRepository {
  constructor(@InjectRepository(ItemVersion) private readonly versions: Repository<ItemVersion>) {}

  findLatestPublished(code: string): Promise<ItemVersion | null> {
    return this.versions.findOne({ where: { code, status: 'published' }, order: { version: 'DESC' } });
  }

  findVersion(code: string, version: number): Promise<ItemVersion | null> {
    return this.versions.findOneBy({ code, version });
  }

  exists(code: string): Promise<boolean> {
    return this.versions.existsBy({ code });
  }

  /** The newest version of an item, locked until the transaction ends. */
  lockHead(manager: EntityManager, code: string): Promise<ItemVersion | null> {
    return manager.getRepository(ItemVersion).findOne({
      where: { code },
      order: { version: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Each item once, as its newest version (of the given status, when one is given). */
  async search(query: ItemSearchQuery): Promise<{ rows: ItemVersion[]; total: number }> {
    const params: unknown[] = [];
    const headFilter = new SqlFilter(params).equals('status', query.status).where;
    const filter = new SqlFilter(params)
      .contains('name', query.q)
      .equals('department_code', query.department)
      .equals('kind', query.kind)
      .equals('level', query.level)
      .equals('division_code', query.division);
    const where = filter.where;
    const limit = filter.param(query.size);
    const offset = filter.param((query.page - 1) * query.size);
    const heads: { id: string; total: string }[] = await this.versions.query(
      `WITH heads AS (
         SELECT DISTINCT ON (code) id, code, name, department_code, kind, level, division_code
         FROM item.item_versions ${headFilter}
         ORDER BY code, version DESC
       )
       SELECT id, count(*) OVER () AS total FROM heads ${where} ORDER BY code LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const total = heads.length > 0 ? Number(heads[0].total) : await this.countHeads(query, headFilter, where, params.slice(0, -2));
    if (heads.length === 0) return { rows: [], total };
    const byId = new Map((await this.versions.findBy({ id: In(heads.map((h) => h.id)) })).map((row) => [row.id, row]));
    return { rows: heads.map((h) => byId.get(h.id)!), total };
  }

  /** A page past the end has no rows to carry the total, so count separately. */
  private async countHeads(query: ItemSearchQuery, headFilter: string, where: string, params: unknown[]): Promise<number> {
    if (query.page === 1) return 0;
    const [row]: { total: string }[] = await this.versions.query(
      `SELECT count(*) AS total FROM (
         SELECT DISTINCT ON (code) code, name, department_code, kind, level, division_code
         FROM item.item_versions ${headFilter} ORDER BY code, version DESC
       ) heads ${where}`,
      params,
    );
    return Number(row.total);
  }
}
