/**
 * How the benches print: Markdown tables whose last column holds each row's
 * budgets (the figure beside its limit, met or MISSED) and notes, then one
 * line per budget, and what `--check` concluded.
 */
import {
  BUDGETS,
  type BudgetId,
  budget,
  failures,
  formatLimit,
  formatValue,
  formatVerdict,
  type Measure,
  type Verdict,
} from './budgets.ts';
import type { Stats } from './stats.ts';

export interface Row {
  /** Every column but the last. */
  cells: readonly string[];
  /** The budgets this row's figure is judged against, printed first in the last column. */
  verdicts?: readonly Verdict[];
  /** Printed after the budgets in the last column. */
  note?: string;
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;
export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
export const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

/** A row for a figure measured several times: its median and range, in ms. */
export function statsRow(name: string, s: Stats, note?: string, verdicts?: readonly Verdict[]): Row {
  return { cells: [name, ms(s.median), `${s.min.toFixed(0)}–${s.max.toFixed(0)} ms`], note, verdicts };
}

const verdictCell = (v: Verdict) => `${formatLimit(v.id)}: ${formatValue(v.id, v.value)} ${formatVerdict(v)}`;

export function printTable(header: readonly string[], rows: readonly Row[]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---|').join('')}`);
  for (const row of rows) {
    const last = [...(row.verdicts ?? []).map(verdictCell), row.note].filter(Boolean).join('; ');
    console.log(`| ${[...row.cells, last].join(' | ')} |`);
  }
}

/** The worst of a budget's figures: the highest against a `≤`, the lowest against a `≥`. */
function worst(id: BudgetId, verdicts: readonly Verdict[]): Verdict {
  const sign = budget(id).compare === '≤' ? 1 : -1;
  return verdicts.reduce((a, b) => (Number.isNaN(b.value) || sign * (b.value - a.value) > 0 ? b : a));
}

/**
 * One line per budget of the measures this bench owns (`owned`): its worst
 * figure against its limit. A budget of a measure that did not run says so;
 * one whose measure ran without a figure for it is listed as unmeasured.
 */
export function printBudgets(verdicts: readonly Verdict[], owned: readonly Measure[], ran: readonly Measure[]): void {
  console.log('\nBudgets (scripts/bench/budgets.ts; `--check` fails on a MISSED not marked known)\n');
  printTable(
    ['budget', 'worst figure', 'limit', 'verdict', 'source'],
    (Object.keys(BUDGETS) as BudgetId[])
      .filter((id) => owned.includes(budget(id).measure))
      .map((id): Row => {
        const mine = verdicts.filter((v) => v.id === id);
        if (!ran.includes(budget(id).measure)) return { cells: [id, '(not run)', formatLimit(id), ''], note: budget(id).source };
        if (mine.length === 0) return { cells: [id, '(no figure)', formatLimit(id), ''], note: budget(id).source };
        const w = worst(id, mine);
        const missed = mine.filter((v) => !v.met).length;
        const figure = `${formatValue(id, w.value)}${w.subject ? ` (${w.subject})` : ''}`;
        const verdict = missed === 0 ? formatVerdict(w) : `${formatVerdict(w)}${mine.length > 1 ? ` (${missed} of ${mine.length})` : ''}`;
        return { cells: [id, figure, formatLimit(id), verdict], note: budget(id).source };
      }),
  );
  for (const id of Object.keys(BUDGETS) as BudgetId[]) {
    if (budget(id).known !== undefined && verdicts.some((v) => v.id === id)) console.log(`\nknown: ${id}: ${budget(id).known}`);
  }
}

/** Prints what `--check` concluded and sets the exit code; without `--check`, only how to ask. */
export function finish(verdicts: readonly Verdict[], check: boolean): void {
  const failed = failures(verdicts);
  if (!check) {
    console.log(`\n${failed.length} figure(s) over a budget not marked known; \`-- --check\` makes that fail the command.`);
    return;
  }
  if (failed.length === 0) {
    console.log('\n--check: every measured budget met (or missed and marked known).');
    return;
  }
  const ids = [...new Set(failed.map((v) => v.id))];
  console.log(`\n--check: FAILED, ${failed.length} figure(s) over budget: ${ids.join(', ')}`);
  process.exitCode = 1;
}
