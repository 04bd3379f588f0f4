import type { DataSource } from 'typeorm';

/**
 * One page of a listing whose SQL selects `count(*) OVER () AS total`: the total rides on
 * the rows, and only a page past the end, which has no rows to carry it, counts again.
 */
export async function pagedQuery<T>(dataSource: DataSource, sql: string, params: unknown[], query: { page: number; size: number }): Promise<{ rows: T[]; total: number }> {
  const rows: (T & { total: string })[] = await dataSource.query(`${sql} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
    ...params,
    query.size,
    (query.page - 1) * query.size,
  ]);
  if (rows.length > 0 || query.page === 1) return { rows, total: rows.length ? Number(rows[0].total) : 0 };
  const [count]: { total: string }[] = await dataSource.query(`SELECT count(*) AS total FROM (${sql}) listed`, params);
  return { rows, total: Number(count.total) };
}
