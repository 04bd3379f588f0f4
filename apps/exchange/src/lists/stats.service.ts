import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scopes, type Caller } from '@igs/contracts';
import { LocalCalendar, requireScope } from '@igs/platform';
import type { DataSource } from 'typeorm';
import { CallAuditService } from '../calls/call-audit.service.js';
import { CalendarCopy } from '../demands/calendar-copy.js';
import { workingDaysSince } from '../demands/working-days.js';
import { EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';

/** The figures a region publishes about its data sharing. */
@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly calls: CallAuditService,
    private readonly calendar: LocalCalendar,
    private readonly workingCalendar: CalendarCopy,
  ) {}

  async stats(caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const working = this.workingCalendar.current();
    const query = <T>(sql: string) => this.dataSource.query(sql) as Promise<T[]>;
    const [catalogs, byShareType, byGrade, lists, docking, pending] = await Promise.all([
      query<{ total: string; published: string }>(`SELECT count(*) AS total, count(*) FILTER (WHERE status = 'published') AS published FROM exchange.catalogs`),
      query<{ share_type: string; n: string }>(`SELECT share_type, count(*) AS n FROM exchange.catalogs WHERE status = 'published' GROUP BY share_type`),
      // A catalog's grade is the highest grade of its fields.
      query<{ grade: number; n: string }>(
        `SELECT g.grade, count(*) AS n FROM (SELECT max(f.grade) AS grade FROM exchange.catalogs c JOIN exchange.catalog_fields f ON f.catalog_id = c.id WHERE c.status = 'published' GROUP BY c.id) g GROUP BY g.grade`,
      ),
      query<{ responsibilities: string; negatives: string }>(
        `SELECT (SELECT count(*) FROM exchange.responsibilities) AS responsibilities, (SELECT count(*) FROM exchange.negative_entries) AS negatives`,
      ),
      query<{ total: string; active: string }>(`SELECT count(*) AS total, count(*) FILTER (WHERE status = 'active') AS active FROM exchange.docking_entries`),
      query<{ created_at: Date }>(`SELECT created_at FROM exchange.demands WHERE status = 'pending'`),
    ]);
    return {
      catalogs: {
        total: Number(catalogs[0].total),
        published: Number(catalogs[0].published),
        byShareType: Object.fromEntries(byShareType.map((row) => [row.share_type, Number(row.n)])),
        byGrade: Object.fromEntries(byGrade.map((row) => [String(row.grade), Number(row.n)])),
      },
      responsibilityEntries: Number(lists[0].responsibilities),
      negativeEntries: Number(lists[0].negatives),
      dockingEntries: { total: Number(docking[0].total), active: Number(docking[0].active) },
      demands: { pending: pending.length, overdue: pending.filter((row) => workingDaysSince(row.created_at, this.calendar, working) > this.config.DEMAND_DUE_WORKING_DAYS).length },
      calls: await this.calls.perDay(),
    };
  }
}
