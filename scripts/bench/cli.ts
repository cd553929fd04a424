/**
 * The benches' command lines. Every switch is an option the entry passes down;
 * the old environment variables still work as aliases, so notes and habits
 * that say `BENCH_RUNS=5 npm run bench` keep meaning what they said.
 *
 *   npm run bench [-- --only boot,bytes] [-- --runs 5] [-- --check] [-- --debug]
 *   npm run bench:engine [-- --check]
 *   npm run bench:diagram [-- --check]
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Measure } from './budgets.ts';

/** The browser bench's measures, in the order they run. */
export const BROWSER_MEASURES = [
  'boot',
  'first-diagram',
  'runs',
  'tracer',
  'navigation',
  'bytes',
  'versions',
] as const satisfies readonly Measure[];
export type BrowserMeasureId = (typeof BROWSER_MEASURES)[number];

export interface BrowserOptions {
  /** The measures to run, in BROWSER_MEASURES order. */
  only: readonly BrowserMeasureId[];
  /** How many times each figure is measured (the tracer in the browser takes at least 3). */
  runs: number;
  /** Exit non-zero when a budget not marked known is missed. */
  check: boolean;
  /** Print the pages' console, errors and failed responses. */
  debug: boolean;
}

const BROWSER_HELP = `npm run bench -- [options]   (the built site: run \`npm run build\` first)

  --only <list>   measures to run, comma-separated: ${BROWSER_MEASURES.join(', ')}
                  (default: all; env BENCH_ONLY, where the old value \`boot\` still means boot,bytes)
  --runs <n>      times each figure is measured (default 3; env BENCH_RUNS)
  --check         exit 1 when a budget not marked known is missed
  --debug         print the pages' console, errors and failed responses (env BENCH_DEBUG)
  --help`;

function fail(message: string, help: string): never {
  console.error(`${message}\n\n${help}`);
  process.exit(2);
}

/** Node's parseArgs, with a usage message instead of a stack trace for a bad switch; `--help` prints `help`. */
function parse<T extends ParseArgsConfig>(config: T, help: string): ReturnType<typeof parseArgs<T>>['values'] {
  let values: ReturnType<typeof parseArgs<T>>['values'];
  try {
    values = parseArgs(config).values;
  } catch (error) {
    fail((error as Error).message, help);
  }
  if ((values as { help?: boolean }).help) {
    console.log(help);
    process.exit(0);
  }
  return values;
}

const HELP_SWITCH = { type: 'boolean', default: false } as const;

/** `--only`'s list. The old `BENCH_ONLY=boot` was "the boot comparison and bytes only", and keeps meaning that. */
function measuresFrom(list: string, fromEnv: boolean): BrowserMeasureId[] {
  if (fromEnv && list === 'boot') return ['boot', 'bytes'];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(BROWSER_MEASURES as readonly string[]).includes(n));
  if (unknown.length) fail(`unknown measure(s): ${unknown.join(', ')}`, BROWSER_HELP);
  return BROWSER_MEASURES.filter((m) => names.includes(m));
}

export function browserOptions(args: readonly string[], env: NodeJS.ProcessEnv): BrowserOptions {
  const values = parse(
    {
      args: [...args],
      options: {
        only: { type: 'string' },
        runs: { type: 'string' },
        check: { type: 'boolean', default: false },
        debug: { type: 'boolean', default: false },
        help: HELP_SWITCH,
      },
    },
    BROWSER_HELP,
  );
  const only =
    values.only !== undefined
      ? measuresFrom(values.only, false)
      : env.BENCH_ONLY
        ? measuresFrom(env.BENCH_ONLY, true)
        : [...BROWSER_MEASURES];
  const runs = Number(values.runs ?? env.BENCH_RUNS ?? 3);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a whole number ≥ 1, not ${values.runs ?? env.BENCH_RUNS}`, BROWSER_HELP);
  return { only, runs, check: values.check, debug: values.debug || Boolean(env.BENCH_DEBUG) };
}

/** `--check` for the Node benches, which have no other switch. */
export function checkOption(args: readonly string[], command: string): boolean {
  const help = `npm run ${command} -- [--check]\n\n  --check   exit 1 when a budget not marked known is missed\n  --help`;
  return parse({ args: [...args], options: { check: { type: 'boolean', default: false }, help: HELP_SWITCH } }, help).check;
}
