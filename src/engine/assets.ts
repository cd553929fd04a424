/**
 * Where the engine's files live in the built site. Pyodide is served from a
 * folder named after its exact version, so a deploy that upgrades it never
 * meets files cached from the previous one.
 */
import pyodidePackage from 'pyodide/package.json' with { type: 'json' };

export const PYODIDE_VERSION: string = pyodidePackage.version;

/** Files of the `pyodide` package the site ships (nothing else is needed for the stdlib-only engine). */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;

/** Site-relative folder (no leading slash) holding the Pyodide files. */
export const PYODIDE_DIR = `pyodide/${PYODIDE_VERSION}/`;

/** Absolute URL of the Pyodide folder (the course's, or `dir`: versions.ts's engineDir) for a page served under `base`. */
export function pyodideIndexURL(base: string, pageURL: string, dir: string = PYODIDE_DIR): string {
  const withSlash = base.endsWith('/') ? base : `${base}/`;
  return new URL(`${withSlash}${dir}`, pageURL).href;
}
