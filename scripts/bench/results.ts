/** Where the benches write their figures: bench/*.json at the project's root. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder. This file's own URL would do for the TypeScript
 * entries, but `bench:diagram` runs a bundle of it from node_modules/.cache/,
 * so when npm runs the script, npm's note of the package wins.
 */
export const ROOT = process.env.npm_package_json
  ? path.dirname(process.env.npm_package_json)
  : fileURLToPath(new URL('../..', import.meta.url));

/** Writes `bench/<name>` and says so. */
export function writeResults(name: string, results: unknown): void {
  const dir = path.join(ROOT, 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten: bench/${name}`);
}
