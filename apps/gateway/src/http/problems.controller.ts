import { Controller, Get, Param } from '@nestjs/common';
import { errorCatalog, isErrorCode } from '@igs/contracts';
import { AppError } from '@igs/platform';

/** Dereferences a problem `type`: what a code means and the status it comes with. */
@Controller('problems')
export class ProblemsController {
  @Get()
  list() {
    return Object.entries(errorCatalog).map(([code, entry]) => ({ code, ...entry }));
  }

  @Get(':code')
  describe(@Param('code') code: string) {
    if (!isErrorCode(code)) throw new AppError('PLATFORM.ROUTE_NOT_FOUND', `there is no error code ${code}`);
    return { code, ...errorCatalog[code] };
  }
}
