import { Module } from '@nestjs/common';
import { CalendarHandlers } from './calendar.handlers.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarSeeder } from './calendar-seeder.js';
import { CalendarService } from './calendar.service.js';

@Module({
  providers: [CalendarRepository, CalendarService, CalendarHandlers, CalendarSeeder],
  exports: [CalendarService],
})
export class CalendarModule {}
