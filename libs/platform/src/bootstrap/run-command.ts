import { ConfigError } from '../config/load-config.js';
import { tooOldNode } from './node-version.js';

/**
 * Runs an operator's command of an app (a KEK re-wrap): its result as one JSON line on
 * stdout, and exit code 0; a configuration error or a failure as one readable line on
 * stderr, and exit code 1.
 */
export function runCommand(name: string, command: () => Promise<unknown>): void {
  const tooOld = tooOldNode();
  if (tooOld) {
    process.stderr.write(`${name}: ${tooOld}\n`);
    process.exit(1);
  }
  command().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof ConfigError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
      process.exitCode = 1;
    },
  );
}
