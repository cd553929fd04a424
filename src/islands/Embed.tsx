/**
 * The embed (/embed/): a program in someone else's page, inside an iframe —
 * the editor, Run / Stop, the output and the memory diagram, nothing else.
 * The code and options come in the hash (src/site/embed.ts), so any static
 * copy of the site can serve it and a host page needs no server or headers.
 * Like the playground, code that came with the address is shown, never run,
 * until the reader presses Run: a page cannot make a reader's browser run a
 * program by framing us.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { OutputPanel, RunButton, StopButton, useStepPlace, useSyntaxMark } from '../components/cell-parts.tsx';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import type { EditorHandle } from '../editor/editor.ts';
import { prewarmOnIntent } from '../engine/page/engine.ts';
import { DEFAULT_VERSION, isPythonVersion, type PythonVersion } from '../engine/versions.ts';
import { EMBED_DEFAULTS, type EmbedOptions, openingStep, parseEmbedOptions } from '../site/embed.ts';
import { sitePath } from '../site/lessons.ts';
import { decodeHash, playgroundURL } from '../site/permalink.ts';
import { useEngineRun } from './use-engine-run.ts';
import { isComparing, useComparison, VersionComparison } from './VersionCompare.tsx';

const LABEL = 'Embedded program';
const base = import.meta.env.BASE_URL;

export default function Embed() {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const runRef = useRef<() => void>(() => undefined);
  const [ready, setReady] = useState(false);
  const [options, setOptions] = useState<EmbedOptions>(EMBED_DEFAULTS);
  const [problem, setProblem] = useState('');
  const [siteLink, setSiteLink] = useState(sitePath(base, 'playground/'));
  const session = useEngineRun();
  // The step the reader was on carries over to the next run; until they step, the address's step opens it.
  const place = useStepPlace(Number.NaN);
  useSyntaxMark(host, editor, ready, session.syntaxError);
  // The Pythons the address asks for that have an engine (the course's alone when none).
  const known = options.versions.filter(isPythonVersion);
  const versions: PythonVersion[] = known.length ? known : [DEFAULT_VERSION];
  const comparing = isComparing(versions);
  const comparison = useComparison();
  const busy = session.busy !== null || comparison.busy;

  /** Shows the code the address carries, without running it. */
  async function load() {
    const decoded = await decodeHash(location.hash);
    const next = parseEmbedOptions(location.hash);
    setOptions(next);
    const code = decoded.status === 'ok' ? decoded.code : '';
    if (decoded.status === 'none')
      setProblem('This embed carries no code: its address should end in #code=… (made by the course’s Embed button).');
    else if (decoded.status === 'error') setProblem(decoded.message);
    else setProblem('');
    const { createEditor } = await import('../editor/editor.ts');
    if (!host.current) return;
    editor.current?.destroy();
    editor.current = createEditor({
      parent: host.current,
      code,
      label: next.readOnly ? `${LABEL} (read-only)` : `${LABEL}: code`,
      onRun: () => runRef.current(),
      readOnly: next.readOnly,
    });
    session.reset();
    comparison.clear();
    setReady(true);
    setSiteLink(await playgroundURL(base, code, next.versions.filter(isPythonVersion)));
  }

  useEffect(() => {
    void load();
    prewarmOnIntent('.embed'); // Python starts loading when the reader points at or focuses the embed
    const onHashChange = () => void load();
    addEventListener('hashchange', onHashChange);
    return () => {
      removeEventListener('hashchange', onHashChange);
      editor.current?.destroy();
    };
  }, []);

  async function run() {
    if (busy || !editor.current) return;
    editor.current.highlight(null, null);
    const code = editor.current.getCode();
    if (comparing) comparison.run(code, options.diagram);
    else await session.run(code, { traced: options.diagram });
  }
  runRef.current = run;

  const trace = session.trace;
  return (
    <div class="embed live-cell">
      {problem && (
        <p class="playground-notice error" role="alert">
          {problem}
        </p>
      )}
      <div class="cell-code">
        {!ready && <p class="playground-empty">Loading the editor…</p>}
        <div class="cell-editor" ref={host} />
      </div>
      <div class="cell-toolbar">
        <RunButton onRun={() => void run()} ready={ready} busy={busy} />
        {busy && <StopButton onStop={comparing ? () => comparison.stop() : session.stop} />}
        <span class="engine-status" role="status">
          {session.status}
        </span>
        <a class="embed-credit" href={siteLink} target="_blank" rel="noopener">
          Inside Python Memory ↗
        </a>
      </div>
      {comparing && <VersionComparison versions={versions} {...comparison.props} />}
      {!comparing && <OutputPanel chunks={session.chunks} verdict={session.verdict} label={LABEL} />}
      {!comparing &&
        options.diagram &&
        (trace ? (
          <MemoryViewer
            key={trace}
            trace={trace}
            label={LABEL}
            inlineScalars={options.inline}
            ids={options.ids}
            rememberInline={false}
            startStep={Number.isNaN(place.startStep) ? openingStep(options.step, trace.steps.length) : place.startStep}
            code={editor.current?.getCode()}
            onStep={(next, previous, index, last) => {
              editor.current?.highlight(next, previous);
              place.remember(index, last);
            }}
          />
        ) : (
          <p class="playground-empty embed-waiting">
            Nothing has run yet. Press Run (or Ctrl/⌘ + Enter in the code) to run this program in CPython 3.14, in your browser, and step
            through its memory.
          </p>
        ))}
    </div>
  );
}
