/**
 * The repository root, found by walking up from this module to the nearest package.json.
 * The same code runs from `src/` (tests) and from `dist/src/` (npm start, Docker), so data
 * files (terminology, card templates, demo patients) are located from here, once, at start-up.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + start);
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export function projectPath(...segments: string[]): string {
  return resolve(PROJECT_ROOT, ...segments);
}
