/**
 * The progress page: per lesson, how many exercises and questions are done;
 * export to a file, import from one (merged, nothing lost), and forget all.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { countDone, doneText } from '../progress/marks.ts';
import { getProgress } from '../progress/progress.ts';
import type { ProgressData } from '../progress/store.ts';

interface Row {
  title: string;
  href: string;
  keys: string[];
}

export default function ProgressPanel({ lessons }: { lessons: Row[] }) {
  const [data, setData] = useState<ProgressData | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [confirmClear, setConfirmClear] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const store = getProgress();
    const sync = () => {
      setData(store.data);
      setProblems([...store.problems]);
    };
    sync();
    return store.subscribe(sync);
  }, []);

  const total = lessons.reduce((n, l) => n + l.keys.length, 0);
  const done = data ? lessons.reduce((n, l) => n + countDone(l.keys, data), 0) : 0;

  function exportFile() {
    const blob = new Blob([getProgress().exportText()], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `inside-python-memory-progress-${new Date().toISOString().slice(0, 10)}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setMessage('Exported. Import the file on the other browser’s progress page.');
  }

  async function importFile(file: File) {
    const text = await file.text();
    const result = getProgress().importText(text);
    setMessage(
      'problem' in result
        ? result.problem
        : `Imported ${result.imported} saved ${result.imported === 1 ? 'activity' : 'activities'}, merged with what was here.`,
    );
    if (fileInput.current) fileInput.current.value = '';
  }

  return (
    <div class="progress-panel">
      <p class="progress-overall" data-testid="overall-progress">
        {data ? `${done} of ${total} exercises and questions done.` : 'Reading your progress…'}
      </p>
      {problems.length > 0 && (
        <p class="progress-notice" role="status">
          {problems.join(' ')}
        </p>
      )}
      <table class="progress-table">
        <caption class="visually-hidden">Progress per lesson</caption>
        <thead>
          <tr>
            <th scope="col">Lesson</th>
            <th scope="col">Done</th>
          </tr>
        </thead>
        <tbody>
          {lessons.map((l) => (
            <tr key={l.href}>
              <th scope="row">
                <a href={l.href}>{l.title}</a>
              </th>
              <td>{l.keys.length === 0 ? 'nothing to do' : data ? doneText(countDone(l.keys, data), l.keys.length) : '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Move your progress</h2>
      <div class="progress-actions">
        <button type="button" class="button primary" onClick={exportFile} disabled={!data}>
          Export to a file
        </button>
        <label class="button">
          Import from a file
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) void importFile(file);
            }}
          />
        </label>
        {!confirmClear ? (
          <button type="button" class="button" onClick={() => setConfirmClear(true)} disabled={!data}>
            Forget all progress…
          </button>
        ) : (
          <span class="exercise-confirm" role="group" aria-label="Confirm forgetting all progress">
            <span>Forget every tick and saved code in this browser?</span>
            <button
              type="button"
              class="button"
              onClick={() => {
                getProgress().clear();
                setConfirmClear(false);
                setMessage('All progress in this browser was forgotten.');
              }}
            >
              Yes, forget it
            </button>
            <button type="button" class="button" onClick={() => setConfirmClear(false)}>
              Cancel
            </button>
          </span>
        )}
      </div>
      <p role="status" class="progress-message">
        {message}
      </p>
    </div>
  );
}
