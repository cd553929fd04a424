/**
 * One program on several Pythons, side by side (issue #22): a version picker,
 * and for the versions chosen a pane each (its engine's status, output and
 * memory diagram), under a table of what differs (verdicts/version-diff.ts),
 * the values that differ from the course's Python marked, each row able to
 * move every diagram to the step where it shows. Each version runs in an engine
 * of its own (engine/page/versions.ts), started only when a reader compares.
 * Used by the playground and the embed, and by a lesson cell's "Compare
 * versions" (CellComparison), which loads this module only when pressed.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { OutputPanel, StopButton } from '../components/cell-parts.tsx';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import { engineOf, holdEngine } from '../engine/page/versions.ts';
import { DEFAULT_VERSION, ENGINE_BUILDS, PYTHON_VERSIONS, type PythonVersion } from '../engine/versions.ts';
import type { Trace } from '../trace/schema.ts';
import { type Difference, MAX_DIFFERENCES, versionDifferences } from '../verdicts/version-diff.ts';
import { useEngineRun } from './use-engine-run.ts';

/** A Run for every pane: each runs `code` when `id` changes. */
export interface CompareRequest {
  id: number;
  code: string;
  traced: boolean;
  /** Run first, silently (the earlier cells a lesson cell continues from). */
  setup?: string | undefined;
}

interface PaneResult {
  id: number;
  output: string;
  trace: Trace | null;
}

/** What an island holds of its comparison: the last Run asked for, Stop, and whether any pane is busy. */
export interface Comparison {
  request: CompareRequest | null;
  busy: boolean;
  /** Runs `code` on every pane (after `setup`, silently). */
  run(code: string, traced: boolean, setup?: string): void;
  stop(): void;
  /** Forgets the last request (new code came with the link): panes wait for the next Run. */
  clear(): void;
  /** What VersionComparison takes of it. */
  props: { request: CompareRequest | null; stopId: number; onBusyChange: (busy: boolean) => void };
}

export function useComparison(): Comparison {
  const [request, setRequest] = useState<CompareRequest | null>(null);
  const [stopId, setStopId] = useState(0);
  const [busy, setBusy] = useState(false);
  return {
    request,
    busy,
    run: (code, traced, setup) => setRequest((last) => ({ id: (last?.id ?? 0) + 1, code, traced, setup })),
    stop: () => setStopId((n) => n + 1),
    clear: () => setRequest(null),
    props: { request, stopId, onBusyChange: setBusy },
  };
}

/** Comparing means more than the course's Python, or another one. */
export const isComparing = (versions: readonly PythonVersion[]) => versions.length > 1 || versions[0] !== DEFAULT_VERSION;

const UNREPORTED_WORDS: Record<string, string> = {
  interned: 'which strings are interned (sys._is_interned is new in 3.13)',
  immortal: 'which objects are immortal',
};

export function VersionPicker({
  chosen,
  onChange,
  disabled = false,
}: {
  chosen: readonly PythonVersion[];
  onChange: (next: PythonVersion[]) => void;
  disabled?: boolean;
}) {
  function toggle(version: PythonVersion, on: boolean) {
    const next = PYTHON_VERSIONS.filter((v) => (v === version ? on : chosen.includes(v)));
    if (next.length > 0) onChange(next); // at least one Python
  }
  return (
    <fieldset class="version-picker">
      <legend>Python</legend>
      {PYTHON_VERSIONS.map((version) => (
        <label key={version}>
          <input
            type="checkbox"
            checked={chosen.includes(version)}
            disabled={disabled || (chosen.length === 1 && chosen[0] === version)}
            onChange={(e) => toggle(version, (e.target as HTMLInputElement).checked)}
          />{' '}
          {version}
          {version === DEFAULT_VERSION ? <span class="sr-only"> (the course's Python)</span> : null}
        </label>
      ))}
    </fieldset>
  );
}

function VersionPane({
  version,
  name,
  request,
  stopId,
  focus,
  onResult,
  onBusy,
}: {
  version: PythonVersion;
  /** What the pane is called ("Python 3.12", or after its cell's name). */
  name: string;
  request: CompareRequest | null;
  stopId: number;
  focus: { id: number; step: number } | null;
  onResult: (version: PythonVersion, result: PaneResult) => void;
  onBusy: (version: PythonVersion, busy: boolean) => void;
}) {
  const session = useEngineRun(null, () => engineOf(version));
  // Shown while the pane is: a comparison left behind lets its Pythons go (page/versions.ts).
  useEffect(() => (version === DEFAULT_VERSION ? undefined : holdEngine(version)), []);
  const pending = useRef<number | null>(null);
  // A pane added after a Run waits for the next one: it never runs code the reader has not run since.
  const mountedAt = useRef(request?.id ?? 0);
  useEffect(() => {
    if (!request || request.id <= mountedAt.current) return;
    pending.current = request.id;
    session.reset();
    onBusy(version, true);
    void session.run(request.code, { traced: request.traced, setup: request.setup });
  }, [request?.id]);
  useEffect(() => {
    if (stopId > 0) session.stop();
  }, [stopId]);
  // A run has ended once the session is no longer busy: its output and trace are the state now.
  useEffect(() => {
    if (session.busy || pending.current === null) return;
    const id = pending.current;
    pending.current = null;
    onBusy(version, false);
    onResult(version, { id, output: session.chunks.map((c) => c.text).join(''), trace: session.trace });
  }, [session.busy]);
  const label = `Python ${version}`;
  const trace = session.trace;
  const headingId = useId();
  return (
    <section class="version-pane" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {label}
        {version === DEFAULT_VERSION ? ' (the course’s)' : ''}{' '}
        <span class="version-detail">CPython {trace?.python ?? ENGINE_BUILDS[version].python}</span>
      </h3>
      <p class="engine-status" role="status">
        {session.status}
      </p>
      {trace?.unreported?.map((what) => (
        <p key={what} class="version-note">
          {label} cannot tell {UNREPORTED_WORDS[what] ?? what}: its diagram leaves that out rather than guess.
        </p>
      ))}
      <OutputPanel chunks={session.chunks} verdict={session.verdict} label={name} />
      {trace && (
        <MemoryViewer
          key={`${focus?.id ?? 0}`}
          trace={trace}
          label={name}
          inlineScalars={false}
          rememberInline={false}
          {...(focus ? { startStep: focus.step } : {})}
        />
      )}
    </section>
  );
}

/** Which values to mark: those unlike the course's Python's (or, without it, the first version's). */
function markedValues(difference: Difference): boolean[] {
  const base = difference.values.find((v) => v.label === DEFAULT_VERSION) ?? difference.values[0]!;
  return difference.values.map((v) => v.value !== base.value);
}

function DifferenceTable({ differences, onShow }: { differences: Difference[]; onShow: (difference: Difference) => void }) {
  const shown = differences.slice(0, MAX_DIFFERENCES);
  const labels = shown[0]?.values.map((v) => v.label) ?? [];
  const titleId = useId();
  return (
    <section class="version-differences" aria-labelledby={titleId}>
      <h3 id={titleId}>What differs</h3>
      {shown.length === 0 ? (
        <p>Nothing: the same output, and the same counts, sizes and flags for every variable at every line.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Where</th>
                {labels.map((label) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
                <th scope="col">
                  <span class="sr-only">Diagrams</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((difference, i) => {
                const marked = markedValues(difference);
                const where = difference.line === null ? 'output' : difference.line === 'end' ? 'at the end' : `line ${difference.line}`;
                return (
                  <tr key={i}>
                    <th scope="row">{difference.what}</th>
                    <td>{where}</td>
                    {difference.values.map((v, j) => (
                      <td key={v.label} class={marked[j] ? 'differs' : undefined}>
                        {marked[j] ? (
                          <mark>
                            {v.value}
                            <span class="sr-only"> (differs from {DEFAULT_VERSION})</span>
                          </mark>
                        ) : (
                          v.value
                        )}
                      </td>
                    ))}
                    <td>
                      <button
                        type="button"
                        class="button"
                        onClick={() => onShow(difference)}
                        aria-label={`Show ${difference.what}, ${where}, in every diagram`}
                      >
                        Show
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {differences.length > shown.length && <p>… and {differences.length - shown.length} more of the same kinds.</p>}
    </section>
  );
}

/**
 * The panes of the versions chosen and what differs between them, once every
 * pane has run the latest request.
 */
export function VersionComparison({
  versions,
  request,
  stopId,
  onBusyChange,
  of,
}: {
  versions: readonly PythonVersion[];
  /** Whose comparison it is, in each pane's name ("Python cell 2 on Python 3.12"); none in the playground. */
  of?: string;
  request: CompareRequest | null;
  stopId: number;
  onBusyChange: (busy: boolean) => void;
}) {
  const [results, setResults] = useState<Partial<Record<PythonVersion, PaneResult>>>({});
  const busy = useRef(new Set<PythonVersion>());
  const [focus, setFocus] = useState<{ id: number; steps: Record<string, number> } | null>(null);
  useEffect(() => setFocus(null), [request?.id]);
  const complete = request !== null && versions.every((v) => results[v]?.id === request.id);
  const differences = useMemo(
    () => (complete ? versionDifferences(versions.map((v) => ({ label: v, output: results[v]!.output, trace: results[v]!.trace }))) : []),
    [complete, request?.id, versions.join()],
  );
  const onBusy = (version: PythonVersion, on: boolean) => {
    if (on) busy.current.add(version);
    else busy.current.delete(version);
    onBusyChange(busy.current.size > 0);
  };
  const onResult = (version: PythonVersion, result: PaneResult) => setResults((all) => ({ ...all, [version]: result }));
  return (
    <div class="version-comparison">
      {complete && versions.length > 1 && (
        <DifferenceTable differences={differences} onShow={(d) => setFocus({ id: (focus?.id ?? 0) + 1, steps: d.steps })} />
      )}
      <div class="version-panes">
        {versions.map((version) => (
          <VersionPane
            key={version}
            version={version}
            name={of ? `${of} on Python ${version}` : `Python ${version}`}
            request={request}
            stopId={stopId}
            focus={focus && focus.steps[version] !== undefined ? { id: focus.id, step: focus.steps[version]! } : null}
            onResult={onResult}
            onBusy={onBusy}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * A lesson cell's "Compare versions": runs the cell's code (after the cells it
 * continues from) on the Pythons chosen, all four to begin with, at once and
 * again on each "Run on …".
 */
export function CellComparison({
  label,
  getCode,
  setup,
  traced,
}: {
  label: string;
  getCode: () => string;
  setup?: string | undefined;
  traced: boolean;
}) {
  const [versions, setVersions] = useState<PythonVersion[]>([...PYTHON_VERSIONS]);
  const comparison = useComparison();
  const { busy } = comparison;
  const run = () => comparison.run(getCode(), traced, setup);
  useEffect(run, []);
  return (
    <section class="cell-comparison" aria-label={`${label} on several Pythons`}>
      <div class="cell-toolbar">
        <VersionPicker chosen={versions} onChange={setVersions} disabled={busy} />
        <button type="button" class="button primary" onClick={run} aria-disabled={busy} disabled={busy}>
          Run on {versions.join(', ')}
        </button>
        {busy && <StopButton onStop={comparison.stop} />}
      </div>
      <VersionComparison versions={versions} {...comparison.props} of={label} />
    </section>
  );
}
