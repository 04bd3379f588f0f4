import type { FiguresRepository } from './figures.repository.js';

export function mapFigures<Calls>(counts: Awaited<ReturnType<FiguresRepository['counts']>>, overdue: number, calls: Calls) {
  return {
    catalogs: {
      total: Number(counts.catalogs.total),
      published: Number(counts.catalogs.published),
      byShareType: Object.fromEntries(counts.byShareType.map((row) => [row.share_type, Number(row.n)])),
      byGrade: Object.fromEntries(counts.byGrade.map((row) => [String(row.grade), Number(row.n)])),
    },
    responsibilityEntries: Number(counts.lists.responsibilities),
    negativeEntries: Number(counts.lists.negatives),
    dockingEntries: { total: Number(counts.docking.total), active: Number(counts.docking.active) },
    demands: { pending: counts.pendingSince.length, overdue },
    calls,
  };
}
