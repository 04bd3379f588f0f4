const dayMs = 86_400_000;
/** How often today() looks again even before local midnight: a clock change moves midnight. */
const recheckMs = 60_000;

/**
 * The region's calendar: which day an instant falls on where the platform serves. Daily
 * quotas, validity dates, working days and per-day statistics follow the local day (a daily
 * quota starts again at midnight in Beijing, not at 08:00 when the UTC date changes), while
 * timestamps stay UTC in storage.
 */
export class LocalCalendar {
  private readonly parts: Intl.DateTimeFormat;
  private cached = { date: '', from: 0, until: 0 };

  constructor(readonly timeZone: string) {
    if (!LocalCalendar.isTimeZone(timeZone)) throw new RangeError(`${timeZone} is not a time zone`);
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Whether the name is an IANA time zone this runtime knows, such as Asia/Shanghai. */
  static isTimeZone(name: string): boolean {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  }

  /** The local date (YYYY-MM-DD) of an instant. */
  dateOf(at: Date | number): string {
    return this.wallClock(typeof at === 'number' ? at : at.getTime()).date;
  }

  /** Today's local date; worked out again at local midnight, not for every call of the hot path. */
  today(now: number = Date.now()): string {
    const cached = this.cached;
    if (now >= cached.from && now < cached.until) return cached.date;
    const { date, msIntoDay } = this.wallClock(now);
    this.cached = { date, from: now - msIntoDay, until: Math.min(now - msIntoDay + dayMs, now + recheckMs) };
    return date;
  }

  /** The weekday of a local date: 0 for Sunday to 6 for Saturday. */
  static weekdayOf(date: string): number {
    return new Date(`${date}T00:00:00Z`).getUTCDay();
  }

  /** The local date `days` after (or before) a local date. */
  static addDays(date: string, days: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
  }

  private wallClock(at: number): { date: string; msIntoDay: number } {
    const value: Record<string, string> = {};
    for (const part of this.parts.formatToParts(at)) value[part.type] = part.value;
    const msIntoDay = ((Number(value.hour) * 60 + Number(value.minute)) * 60 + Number(value.second)) * 1000 + (((at % 1000) + 1000) % 1000);
    return { date: `${value.year}-${value.month}-${value.day}`, msIntoDay };
  }
}
