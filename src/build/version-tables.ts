/**
 * A lesson's version probes (```python versions), run on every Python at build
 * time (engine/node/version-runs.ts, cached by content hash) and shown as a
 * table of what each version printed: the lessons' version facts come from the
 * engines, never from an author's memory. A probe that fails on a version fails
 * the build: a table must not show an error nobody meant.
 */
import type { RootContent } from 'mdast';
import { runOnVersions } from '../engine/node/version-runs.ts';
import { DEFAULT_VERSION, ENGINE_BUILDS, PYTHON_VERSIONS } from '../engine/versions.ts';
import { attr, code, element, text } from './mdx-nodes.ts';

/** Runs probes one page at a time: each page's batch boots at most one process per version. */
let queue: Promise<unknown> = Promise.resolve();

/** What each probe printed on each version (`[probe][version]`), or the build fails saying where and why. */
export async function probeOutputs(probes: readonly { code: string; where: string }[]): Promise<string[][]> {
  const runs = queue.then(() => runOnVersions(probes, PYTHON_VERSIONS));
  queue = runs.catch(() => undefined);
  const byVersion = await runs;
  return probes.map((probe, i) =>
    PYTHON_VERSIONS.map((version) => {
      const run = byVersion[version]![i]!;
      if (run.status !== 'ok') throw new Error(`${probe.where}: a version probe failed on Python ${version}: ${run.error ?? run.status}`);
      return run.stdout.replace(/\n+$/, '');
    }),
  );
}

const cell = (tag: 'th' | 'td', children: unknown[], attributes = [] as ReturnType<typeof attr>[]) => element(tag, attributes, children);

/** The probe's code, then one row per version: the version (the course's marked) and what it printed. */
export function versionTable(probe: string, outputs: readonly string[]): RootContent {
  const rows = PYTHON_VERSIONS.map((version, i) =>
    element('tr', version === DEFAULT_VERSION ? [attr('class', 'course-version')] : [], [
      cell(
        'th',
        [
          text(`${version}`),
          element(
            'span',
            [attr('class', 'version-build')],
            [text(` (${ENGINE_BUILDS[version].python}${version === DEFAULT_VERSION ? ', this course' : ''})`)],
          ),
        ],
        [attr('scope', 'row')],
      ),
      cell('td', [element('pre', [], [element('code', [], [text(outputs[i]!)])])]),
    ]),
  );
  return element(
    'figure',
    [attr('class', 'version-table')],
    [
      code('python', probe),
      element(
        'table',
        [],
        [
          element('caption', [], [text('What this program prints on each Python (run on each engine when the site was built)')]),
          element(
            'thead',
            [],
            [
              element(
                'tr',
                [],
                [cell('th', [text('Python')], [attr('scope', 'col')]), cell('th', [text('prints')], [attr('scope', 'col')])],
              ),
            ],
          ),
          element('tbody', [], rows),
        ],
      ),
    ],
  );
}
