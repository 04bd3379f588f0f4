import { ConfigError } from '../config/load-config.js';
import { tooOldNode } from './node-version.js';

/**
 * Runs an app's start-up and turns a configuration error into one readable message and
 * exit code 1, instead of a stack trace; on a Node.js older than the platform needs it says
 * so and does not start.
 */
export function runMain(name: string, start: () => Promise<unknown>): void {
  const tooOld = tooOldNode();
  if (tooOld) {
    process.stderr.write(`${name}: ${tooOld}\n`);
    process.exit(1);
  }
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
    } else {
      process.stderr.write(`${name}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  });
}
