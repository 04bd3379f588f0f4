import { z } from 'zod';
import { defineEvent, defineRequest } from '../messaging/define.js';
import { eventSubjects, requestSubjects } from '../messaging/subjects.js';
import { CalendarChanged, CalendarDays, CalendarQuery, CalendarSnapshot, LocalDate, RemovedCalendarDay, SetCalendarDaysBody } from './calendar.schema.js';

export const calendarRequests = {
  list: defineRequest({ subject: requestSubjects.item.listCalendar, request: CalendarQuery, reply: CalendarDays }),
  set: defineRequest({ subject: requestSubjects.item.setCalendarDays, request: SetCalendarDaysBody, reply: CalendarDays }),
  remove: defineRequest({ subject: requestSubjects.item.removeCalendarDay, request: z.object({ date: LocalDate }), reply: RemovedCalendarDay }),
  /** The whole calendar for a service's copy of it (not an HTTP route). */
  snapshot: defineRequest({ subject: requestSubjects.item.calendarSnapshot, request: z.object({}), reply: CalendarSnapshot }),
};

export const calendarEvents = {
  changed: defineEvent(eventSubjects.item.calendarChanged, CalendarChanged),
};
