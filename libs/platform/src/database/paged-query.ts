/** What runs the statements: a DataSource, an EntityManager, or a stand-in in a spec. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * One page of a listing whose SQL selects `count(*) OVER () AS total`: the total rides on
 * the rows, and only a page past the end, which has no rows to carry it, counts again.
 */
export async function pagedQuery<T>(
  runner: SqlRunner,
  sql: string,
  params: unknown[],
  query: { page: number; size: number },
): Promise<{ rows: T[]; total: number }> {
  const limited = `${sql} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
  const rows = (await runner.query(limited, [...params, query.size, (query.page - 1) * query.size])) as (T & { total: string })[];
  if (rows.length > 0 || query.page === 1) return { rows, total: rows.length ? Number(rows[0].total) : 0 };
  const [count] = (await runner.query(`SELECT count(*) AS total FROM (${sql}) listed`, params)) as { total: string }[];
  return { rows, total: Number(count.total) };
}
