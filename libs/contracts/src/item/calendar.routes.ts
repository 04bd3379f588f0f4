import { z } from 'zod';
import { defineRoute } from '../http/define-route.js';
import { scopes } from '../identity/identity.schema.js';
import { calendarRequests } from './calendar.messages.js';
import { CalendarQuery, LocalDate, SetCalendarDaysBody } from './calendar.schema.js';

const tag = 'calendar';
/** Any signed-in caller or app may read the calendar: every deadline is counted on it. */
const read = { scopes: [] } as const;
const write = { scopes: [scopes.calendarWrite] } as const;

export const calendarRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/v1/calendar/days',
    operationId: 'listCalendarDays',
    summary: 'List the holidays and adjusted working days of a year, or of the dates from `from` to `to`',
    tag,
    access: read,
    successStatus: 200,
    query: CalendarQuery,
    errorCodes: ['PLATFORM.VALIDATION'],
    forward: calendarRequests.list,
    toMessage: ({ query }) => query,
  }),
  set: defineRoute({
    method: 'PUT',
    path: '/api/v1/calendar/days',
    operationId: 'setCalendarDays',
    summary: 'Set days as holidays or as adjusted working days (platform administrator)',
    tag,
    access: write,
    successStatus: 200,
    body: SetCalendarDaysBody,
    errorCodes: ['PLATFORM.VALIDATION'],
    forward: calendarRequests.set,
    toMessage: ({ body }) => body,
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/v1/calendar/days/{date}',
    operationId: 'removeCalendarDay',
    summary: 'Remove a day: it follows the Monday-to-Friday rule again (platform administrator)',
    tag,
    access: write,
    successStatus: 200,
    params: z.object({ date: LocalDate }),
    errorCodes: ['PLATFORM.VALIDATION', 'ITEM.CALENDAR_DAY_NOT_FOUND'],
    forward: calendarRequests.remove,
    toMessage: ({ params }) => ({ date: params.date }),
  }),
};
