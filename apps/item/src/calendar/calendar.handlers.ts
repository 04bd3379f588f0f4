import { Injectable } from '@nestjs/common';
import { calendarRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { CalendarService } from './calendar.service.js';

/** Translates calendar requests from NATS into service calls. */
@Injectable()
export class CalendarHandlers {
  constructor(private readonly calendar: CalendarService) {}

  @HandleRequest(calendarRequests.list)
  list(request: RequestOf<typeof calendarRequests.list>) {
    return this.calendar.list(request);
  }

  @HandleRequest(calendarRequests.set)
  set(request: RequestOf<typeof calendarRequests.set>, { caller }: RequestContext) {
    return this.calendar.set(request, caller);
  }

  @HandleRequest(calendarRequests.remove)
  remove(request: RequestOf<typeof calendarRequests.remove>, { caller }: RequestContext) {
    return this.calendar.remove(request.date, caller);
  }

  @HandleRequest(calendarRequests.snapshot)
  snapshot() {
    return this.calendar.snapshot();
  }
}
