import { createLogger, type AppLogger } from '@igs/platform';
import { Writable } from 'node:stream';

/** A logger that keeps its lines in memory: quiet test output, and lines to assert on. */
export function memoryLogger(app: string): { logger: AppLogger; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return {
    logger: createLogger(app, process.env.TEST_LOG_LEVEL ?? 'info', sink),
    lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
