import { Inject, Injectable } from '@nestjs/common';
import { scopes, type Caller } from '@igs/contracts';
import { LocalCalendar, requireScope } from '@igs/platform';
import { CallAuditService } from '../calls/call-audit.service.js';
import { CalendarCopy } from '../demands/calendar-copy.js';
import { workingDaysSince } from '../demands/working-days.js';
import { EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';
import { mapFigures } from './figures.mapper.js';
import { FiguresRepository } from './figures.repository.js';

/** The figures a region publishes about its data sharing. */
@Injectable()
export class FiguresService {
  constructor(
    private readonly repository: FiguresRepository,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly calls: CallAuditService,
    private readonly calendar: LocalCalendar,
    private readonly workingCalendar: CalendarCopy,
  ) {}

  async figures(caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    const working = this.workingCalendar.current();
    const counts = await this.repository.counts();
    const overdue = counts.pendingSince.filter((createdAt) => workingDaysSince(createdAt, this.calendar, working) > this.config.DEMAND_DUE_WORKING_DAYS).length;
    return mapFigures(counts, overdue, await this.calls.perDay());
  }
}
