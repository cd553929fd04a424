/** The engine's Python files as text, bundled by Vite (browser worker, Vitest). */
import { PYTHON_MODULES, type PythonSources } from './runner.ts';

const files = import.meta.glob<string>('./*.py', { query: '?raw', import: 'default', eager: true });

function source(name: string): string {
  const text = files[`./${name}.py`];
  if (text === undefined) throw new Error(`the engine's ${name}.py is missing`);
  return text;
}

export const pythonSources = Object.fromEntries(PYTHON_MODULES.map((name) => [name, source(name)])) as PythonSources;
