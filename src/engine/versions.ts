/**
 * The Pythons the site can run: one Pyodide build of each CPython, installed
 * side by side under npm aliases (package.json) and copied into the built site
 * under `pyodide/<pyodide version>/` (build/integrations/pyodide-assets.ts).
 * 3.14 is the course's engine (the one every cell and exercise runs on, booted
 * from the build's memory snapshot); the others boot normally, and only when a
 * reader asks to compare. Imports nothing: the page, the worker, Node and the
 * build share it. versions.test.ts checks each entry against its package.
 */

export const PYTHON_VERSIONS = ['3.12', '3.13', '3.14', '3.15'] as const;

export type PythonVersion = (typeof PYTHON_VERSIONS)[number];

/** The course's Python: every cell and exercise runs on it unless the reader compares. */
export const DEFAULT_VERSION: PythonVersion = '3.14';

export interface EngineBuild {
  /** The npm package (an alias for all but the default). */
  packageName: string;
  /** Its Pyodide version: the folder its files are served from. */
  pyodide: string;
  /** The CPython it holds (its pyodide-lock.json's `info.python`). */
  python: string;
  /** Pyodide's wasm glue: a classic script before 0.30, a module after. */
  glue: 'pyodide.asm.js' | 'pyodide.asm.mjs';
}

export const ENGINE_BUILDS: Record<PythonVersion, EngineBuild> = {
  '3.12': { packageName: 'pyodide-312', pyodide: '0.27.7', python: '3.12.7', glue: 'pyodide.asm.js' },
  '3.13': { packageName: 'pyodide-313', pyodide: '0.29.5', python: '3.13.2', glue: 'pyodide.asm.js' },
  '3.14': { packageName: 'pyodide', pyodide: '314.0.7', python: '3.14.2', glue: 'pyodide.asm.mjs' },
  '3.15': { packageName: 'pyodide-315', pyodide: '315.0.0-alpha.2', python: '3.15.0rc1', glue: 'pyodide.asm.mjs' },
};

/** The files of a build the engine needs (the stdlib-only engine needs nothing else). */
export function engineFiles(version: PythonVersion): string[] {
  return ['pyodide.mjs', ENGINE_BUILDS[version].glue, 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
}

/** Site-relative folder (no leading slash) holding a version's Pyodide files. */
export function engineDir(version: PythonVersion): string {
  return `pyodide/${ENGINE_BUILDS[version].pyodide}/`;
}

export function isPythonVersion(text: string): text is PythonVersion {
  return (PYTHON_VERSIONS as readonly string[]).includes(text);
}

/** The version whose engine folder `indexURL` is (the worker learns its glue file from it); null for another folder. */
export function versionAt(indexURL: string): PythonVersion | null {
  return PYTHON_VERSIONS.find((version) => indexURL.endsWith(`/${engineDir(version)}`)) ?? null;
}
