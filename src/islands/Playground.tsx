/**
 * The playground: a free editor, Run / Stop, output and the memory diagram
 * with the full stepping UI, built from the same pieces as a lesson's live
 * cell (editor.ts, the run flow of use-engine-run.ts, MemoryViewer). The code
 * travels in the URL hash (src/site/permalink.ts). Code that came with a link
 * is shown, never run, until the reader presses Run. With more than the
 * course's Python chosen (`versions=` in the link too), Run runs the code on
 * each, side by side (VersionCompare.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { OutputPanel, RunButton, StopButton, useStepPlace, useSyntaxMark } from '../components/cell-parts.tsx';
import { EmbedButton } from '../components/EmbedButton.tsx';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import type { EditorHandle } from '../editor/editor.ts';
import { startIfReturning } from '../engine/page/engine.ts';
import { DEFAULT_VERSION, isPythonVersion, type PythonVersion } from '../engine/versions.ts';
import { decodeHash, encodeCode, versionsOf } from '../site/permalink.ts';
import { useEngineRun } from './use-engine-run.ts';
import { isComparing, useComparison, VersionComparison, VersionPicker } from './VersionCompare.tsx';

export interface Example {
  name: string;
  code: string;
}

interface Props {
  /** Programs the reader can load; the first is the starting code when the URL carries none. */
  examples: Example[];
}

const LABEL = 'Playground';

/** The versions a hash asks for that have an engine; the course's alone when none. */
function versionsIn(hash: string): PythonVersion[] {
  const known = versionsOf(hash).filter(isPythonVersion);
  return known.length ? known : [DEFAULT_VERSION];
}

export default function Playground({ examples }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const runRef = useRef<() => void>(() => undefined);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [memory, setMemory] = useState(true);
  const session = useEngineRun();
  const [shareStatus, setShareStatus] = useState('');
  const fallback = examples[0]?.code ?? '';
  const place = useStepPlace();
  // The link's versions are read with its code (loadFromHash): the first render matches the server's HTML.
  const [versions, setVersions] = useState<PythonVersion[]>([DEFAULT_VERSION]);
  const comparing = isComparing(versions);
  const comparison = useComparison();
  const busy = session.busy !== null || comparison.busy;
  useSyntaxMark(host, editor, ready, session.syntaxError);

  function clearResults() {
    session.reset();
    editor.current?.highlight(null, null);
  }

  /** Shows the code the URL carries (or the first example), without running it. */
  async function loadFromHash() {
    const decoded = await decodeHash(location.hash);
    setVersions(versionsIn(location.hash));
    comparison.clear();
    const code = decoded.status === 'ok' ? decoded.code : fallback;
    if (decoded.status === 'ok') {
      setNotice({ tone: 'info', text: 'This code came with the link you opened. It has not run: read it first, then press Run.' });
    } else if (decoded.status === 'error') {
      setNotice({ tone: 'error', text: `${decoded.message} The playground shows its first example instead.` });
    } else {
      setNotice(null);
    }
    const { createEditor } = await import('../editor/editor.ts');
    if (!host.current) return;
    if (editor.current) editor.current.setCode(code);
    else editor.current = createEditor({ parent: host.current, code, label: `${LABEL} code`, onRun: () => runRef.current() });
    clearResults();
    setReady(true);
  }

  useEffect(() => {
    void loadFromHash();
    startIfReturning(); // starting Python is not running the shared code: that still waits for Run
    // Another link pasted into this tab: show its code (still without running it).
    const onHashChange = () => void loadFromHash();
    addEventListener('hashchange', onHashChange);
    return () => {
      removeEventListener('hashchange', onHashChange);
      editor.current?.destroy();
    };
  }, []);

  /** Puts the code (and the versions compared) in the address bar (no new history entry, no hashchange). */
  async function writeHash(code: string, chosen = versions): Promise<string> {
    const url = `${location.pathname}${location.search}#${await encodeCode(code, isComparing(chosen) ? chosen : [])}`;
    history.replaceState(history.state, '', url);
    return location.href;
  }

  async function run() {
    if (busy || !editor.current) return;
    editor.current.closePopups();
    const source = editor.current.getCode();
    setNotice(null);
    setShareStatus('');
    clearResults();
    void writeHash(source);
    if (comparing) comparison.run(source, memory);
    else await session.run(source, { traced: memory });
  }

  function chooseVersions(next: PythonVersion[]) {
    setVersions(next);
    if (editor.current) void writeHash(editor.current.getCode(), next);
  }
  runRef.current = run;

  async function share() {
    if (!editor.current) return;
    const url = await writeHash(editor.current.getCode());
    try {
      await navigator.clipboard.writeText(url);
      setShareStatus('Link copied: it carries your code.');
    } catch {
      setShareStatus('The link in the address bar now carries your code: copy it from there.');
    }
  }

  function loadExample(index: number) {
    const example = examples[index];
    if (!example || !editor.current) return;
    editor.current.setCode(example.code);
    clearResults();
    setNotice(null);
    editor.current.focus();
  }

  return (
    <div class={comparing ? 'playground comparing' : 'playground'}>
      <section class="live-cell" aria-labelledby="playground-code-title">
        <h2 id="playground-code-title" class="sr-only">
          Code
        </h2>
        {notice && (
          <p class={`playground-notice ${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
        <div class="playground-options">
          <label>
            <input type="checkbox" checked={memory} onChange={(e) => setMemory((e.target as HTMLInputElement).checked)} /> Memory diagram
          </label>
          <VersionPicker chosen={versions} onChange={chooseVersions} disabled={busy} />
          <label>
            Example:{' '}
            <select
              value=""
              disabled={!ready}
              onChange={(e) => {
                const select = e.target as HTMLSelectElement;
                loadExample(Number(select.value));
                select.value = '';
              }}
            >
              <option value="">Load an example…</option>
              {examples.map((example, i) => (
                <option key={example.name} value={String(i)}>
                  {example.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div class="cell-code">
          {!ready && <p class="playground-empty">Loading the editor…</p>}
          <div class="cell-editor" ref={host} />
        </div>
        <div class="cell-toolbar">
          <RunButton onRun={() => void run()} ready={ready} busy={busy} />
          {busy && <StopButton onStop={comparing ? () => comparison.stop() : session.stop} />}
          <button type="button" class="button" onClick={() => void share()} disabled={!ready}>
            Copy link
          </button>
          <EmbedButton
            getCode={() => editor.current?.getCode() ?? ''}
            title="A Python program and its memory diagram (Inside Python Memory)"
            defaults={{ diagram: memory, versions: comparing ? versions : [] }}
          />
          <span class="share-status" role="status">
            {shareStatus}
          </span>
          <span class="engine-status" role="status">
            {session.status}
          </span>
        </div>
        {!comparing && <OutputPanel chunks={session.chunks} verdict={session.verdict} label={LABEL} />}
      </section>
      {comparing ? (
        <section class="playground-compare" aria-labelledby="playground-compare-title">
          <h2 id="playground-compare-title">Python {versions.join(', ')} side by side</h2>
          {!comparison.request && (
            <p class="playground-empty">
              Press Run to run your program on each version chosen, each in its own Python (those other than {DEFAULT_VERSION} download the
              first time): their outputs and memory diagrams appear here side by side, under what differs.
            </p>
          )}
          <VersionComparison versions={versions} {...comparison.props} />
        </section>
      ) : (
        <section class="playground-diagram" aria-labelledby="playground-diagram-title">
          <h2 id="playground-diagram-title" class="sr-only">
            Memory diagram
          </h2>
          {session.trace ? (
            <MemoryViewer
              key={session.trace}
              trace={session.trace}
              label={LABEL}
              inlineScalars={false}
              code={editor.current?.getCode()}
              startStep={place.startStep}
              onStep={(next, previous, index, last) => {
                editor.current?.highlight(next, previous);
                place.remember(index, last);
              }}
            />
          ) : (
            <p class="playground-empty">
              {memory
                ? 'Press Run (or Ctrl/⌘ + Enter in the editor) to trace your program: its memory diagram appears here, one step per line run.'
                : 'The memory diagram is off: runs print their output only. Tick “Memory diagram” to trace them.'}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
