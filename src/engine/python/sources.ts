/** The engine's Python files as text, bundled by Vite (browser worker, Vitest). */
import checker from './checker.py?raw';
import runner from './runner.py?raw';
import tracer from './tracer.py?raw';
import type { PythonSources } from './runner.ts';

export const pythonSources: PythonSources = { runner, tracer, checker };
