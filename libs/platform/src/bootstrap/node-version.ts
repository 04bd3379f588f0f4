import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The oldest Node.js the platform runs on, as the root package.json's `engines.node` says
 * (`>=24.11`): one place for npm, the tools and the apps. Undefined where that file is not
 * beside the apps (it is in the repository and in the container image).
 */
export function requiredNodeVersion(root = join(__dirname, '..', '..', '..', '..', '..')): string | undefined {
  try {
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines;
    return /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines?.node ?? '')?.[1];
  } catch {
    return undefined;
  }
}

/** Why this Node.js is too old to run the platform, or undefined when it is not. */
export function tooOldNode(running = process.versions.node, required = requiredNodeVersion()): string | undefined {
  if (!required) return undefined;
  const have = running.split('.').map(Number);
  const need = required.split('.').map(Number);
  for (let i = 0; i < need.length; i += 1) {
    if ((have[i] ?? 0) > need[i]) return undefined;
    if ((have[i] ?? 0) < need[i]) return `Node.js ${running} is too old: the platform needs Node.js ${required} or newer (see the README, "Quick start")`;
  }
  return undefined;
}
