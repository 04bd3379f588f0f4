import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DockingEntry } from '@igs/contracts';
import { LocalCalendar } from '@igs/platform';
import type { DataSource } from 'typeorm';

const refreshMs = 500;

/**
 * Calls per docking entry and local day (LocalCalendar), for the daily quota. The durable
 * count is written with each audit batch and is the same for every replica; it is read
 * every half second, and this replica's calls since the last read are added on top. The
 * quota is therefore exact over the day and may be passed only by the calls of the last
 * half second.
 */
@Injectable()
export class DockingUsage implements OnApplicationBootstrap, OnApplicationShutdown {
  private committed = new Map<string, number>();
  private recent = new Map<string, number>();
  private day = '';
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: LocalCalendar,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), refreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  used(entry: DockingEntry, day: string): number {
    if (day !== this.day) return this.recent.get(entry.id) ?? 0;
    return (this.committed.get(entry.id) ?? 0) + (this.recent.get(entry.id) ?? 0);
  }

  add(entry: DockingEntry): void {
    this.recent.set(entry.id, (this.recent.get(entry.id) ?? 0) + 1);
  }

  private async refresh(): Promise<void> {
    const day = this.calendar.today();
    const rows: { docking_id: string; calls: string }[] = await this.dataSource.query(
      'SELECT docking_id, sum(calls) AS calls FROM exchange.docking_usage WHERE day = $1 GROUP BY docking_id',
      [day],
    );
    this.committed = new Map(rows.map((row) => [row.docking_id, Number(row.calls)]));
    this.recent = new Map();
    this.day = day;
  }
}
