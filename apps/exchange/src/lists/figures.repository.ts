import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The counts behind the published figures, read side by side. */
@Injectable()
export class FiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async counts() {
    const query = <T>(sql: string) => this.dataSource.query(sql) as Promise<T[]>;
    const [[catalogs], byShareType, byGrade, [lists], [docking], pending] = await Promise.all([
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
    return { catalogs, byShareType, byGrade, lists, docking, pendingSince: pending.map((row) => row.created_at) };
  }
}
