/**
 * "Embed" for a cell or the playground: a dialog with the `<iframe>` snippet
 * that puts this program, with its editor, Run and memory diagram, on any other
 * page (a course site, an LMS's HTML block, slides), a live preview of it, and
 * one-click copy. The snippet is rebuilt from the code as it is when the dialog
 * opens, so the reader's edits go with it.
 */
import { useId, useRef, useState } from 'preact/hooks';
import { type EmbedOptions, embedHeight, embedURL, iframeSnippet } from '../site/embed.ts';
import { sitePath } from '../site/lessons.ts';

interface Props {
  getCode: () => string;
  /** What the program shows, for the iframe's title (screen readers announce it). */
  title: string;
  /** The cell's own choices, the dialog's starting options. */
  defaults: Partial<EmbedOptions>;
}

const base = import.meta.env.BASE_URL;

export function EmbedButton({ getCode, title, defaults }: Props) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [options, setOptions] = useState<Partial<EmbedOptions>>(defaults);
  const [code, setCode] = useState('');
  const [url, setUrl] = useState('');
  const [copied, setCopied] = useState('');
  // The preview is a live page: it exists only while the dialog is open.
  const [shown, setShown] = useState(false);

  async function refresh(next: Partial<EmbedOptions>, source = code) {
    setOptions(next);
    setCopied('');
    setUrl(await embedURL(new URL(sitePath(base, ''), location.origin).href, source, next));
  }

  async function open() {
    const source = getCode();
    setCode(source);
    await refresh(options, source);
    setShown(true);
    dialog.current?.showModal();
  }

  const height = embedHeight(code, options.diagram ?? true);
  const snippet = url ? iframeSnippet(url, { title, height }) : '';

  async function copy() {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('Copied: paste it into your page’s HTML.');
    } catch {
      setCopied('Select the HTML above and copy it (the browser did not allow copying from here).');
    }
  }

  const set = <K extends keyof EmbedOptions>(key: K, value: EmbedOptions[K]) => void refresh({ ...options, [key]: value });

  return (
    <>
      <button type="button" class="button" ref={opener} onClick={() => void open()}>
        Embed
      </button>
      <dialog
        ref={dialog}
        class="embed-dialog"
        aria-labelledby={titleId}
        onClose={() => {
          setShown(false);
          opener.current?.focus();
        }}
      >
        <h2 id={titleId}>Embed this program</h2>
        <p>
          Paste this HTML into any page, or an LMS's HTML block (Moodle, Canvas…). Readers get the code, Run and the memory diagram; Python
          runs in their browser, and nothing runs until they press Run.
        </p>
        <div class="embed-options">
          <label>
            <input
              type="checkbox"
              checked={options.diagram ?? true}
              onChange={(e) => set('diagram', (e.target as HTMLInputElement).checked)}
            />{' '}
            Memory diagram
          </label>
          <label>
            Open the diagram on{' '}
            <select
              value={options.step === 'last' ? 'last' : 'first'}
              onChange={(e) => set('step', (e.target as HTMLSelectElement).value === 'last' ? 'last' : 1)}
            >
              <option value="first">the first step</option>
              <option value="last">the last step</option>
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={options.readOnly ?? false}
              onChange={(e) => set('readOnly', (e.target as HTMLInputElement).checked)}
            />{' '}
            Read-only code
          </label>
          <label>
            Colours{' '}
            <select
              value={options.theme ?? 'system'}
              onChange={(e) => set('theme', (e.target as HTMLSelectElement).value as EmbedOptions['theme'])}
            >
              <option value="system">the reader's system setting</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </select>
          </label>
        </div>
        <label class="embed-snippet">
          HTML to paste
          <textarea readOnly rows={4} value={snippet} onFocus={(e) => (e.target as HTMLTextAreaElement).select()} />
        </label>
        <div class="embed-actions">
          <button type="button" class="button primary" onClick={() => void copy()} disabled={!snippet}>
            Copy HTML
          </button>
          <a class="button" href={url} target="_blank" rel="noopener">
            Open the embed
          </a>
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
          <span role="status">{copied}</span>
        </div>
        {shown && url && <iframe class="embed-preview" src={url} title={`Preview: ${title}`} height={height} />}
      </dialog>
    </>
  );
}
