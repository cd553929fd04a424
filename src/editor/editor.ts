/**
 * The code editor of a live cell (CodeMirror 6). Loaded on demand by the
 * island, so reading a page never pays for it up front.
 */

import { indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, type Extension, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, keymap } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { basicSetup } from 'codemirror';

export interface EditorHandle {
  getCode(): string;
  setCode(code: string): void;
  focus(): void;
  destroy(): void;
  /** Marks the line about to run and the line just run (null clears). */
  highlight(next: number | null, previous: number | null): void;
}

const setStepLines = StateEffect.define<{ next: number | null; previous: number | null }>();
const nextLine = Decoration.line({ class: 'cm-step-next' });
const previousLine = Decoration.line({ class: 'cm-step-previous' });

/** Line decorations for the diagram's current step. */
const stepLines: Extension = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    for (const effect of transaction.effects) {
      if (!effect.is(setStepLines)) continue;
      const { doc } = transaction.state;
      const marks = [];
      const { next, previous } = effect.value;
      if (previous !== null && previous !== next && previous <= doc.lines) marks.push(previousLine.range(doc.line(previous).from));
      if (next !== null && next <= doc.lines) marks.push(nextLine.range(doc.line(next).from));
      return Decoration.set(marks, true);
    }
    return transaction.docChanged ? Decoration.none : decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export interface EditorOptions {
  parent: HTMLElement;
  code: string;
  /** Accessible name of the editing area. */
  label: string;
  onRun: () => void;
  /** Called after each edit with the new code (exercises save the reader's work). */
  onChange?: (code: string) => void;
  /** The code can be read, selected and run, not changed (an embed a teacher locked). */
  readOnly?: boolean;
}

const theme = EditorView.theme({
  '&': { fontSize: '0.95rem', backgroundColor: 'var(--code-bg)', color: 'var(--text)' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '2px' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
});

/** Token colours come from CSS variables so light and dark themes both keep their contrast. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.operatorKeyword], color: 'var(--tok-keyword)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--tok-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--tok-number)' },
  { tag: [t.comment, t.lineComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))], color: 'var(--tok-function)' },
  { tag: [t.className, t.definition(t.className), t.standard(t.variableName)], color: 'var(--tok-builtin)' },
]);

export function createEditor({ parent, code, label, onRun, onChange, readOnly = false }: EditorOptions): EditorHandle {
  const run = () => {
    onRun();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        keymap.of([
          { key: 'Mod-Enter', run, preventDefault: true },
          { key: 'Shift-Enter', run },
        ]),
        basicSetup,
        // Tab indents; Escape then Tab moves focus on (CodeMirror's documented escape hatch).
        keymap.of([indentWithTab]),
        python(),
        syntaxHighlighting(highlight),
        theme,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorState.readOnly.of(readOnly),
        stepLines,
        // Wrapped lines: no sideways scrolling on a phone (and no scroll region without keyboard access).
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange?.(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (next) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
    highlight: (next, previous) => view.dispatch({ effects: setStepLines.of({ next, previous }) }),
  };
}
