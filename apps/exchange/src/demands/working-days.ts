/**
 * Whole working days (Monday to Friday) from `start` to `now`. Public holidays and the
 * weekend days worked in their place are not modelled yet; the region's calendar would
 * be data like the classification guide.
 */
export function workingDaysSince(start: Date, now: Date = new Date()): number {
  let days = 0;
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  while (day.getTime() < end) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days += 1;
  }
  return days;
}
