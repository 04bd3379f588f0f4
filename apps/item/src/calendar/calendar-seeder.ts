import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type AppLogger } from '@igs/platform';
import { CalendarService } from './calendar.service.js';
import { stateCouncilDays, stateCouncilYears } from './state-council-days.js';

/** Seeds the State Council's published days of every year in the seed file not seeded before, at start-up. */
@Injectable()
export class CalendarSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly calendar: CalendarService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inserted = await this.calendar.seed(stateCouncilYears, stateCouncilDays);
    if (inserted > 0) this.logger.info({ days: inserted, years: stateCouncilYears }, 'seeded the working-day calendar with the published holidays');
  }
}
