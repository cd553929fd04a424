/**
 * The house rules, checked: every folder of src/ is a room, and a room may
 * import only the rooms listed for it below. The table is the architecture
 * (ARCHITECTURE.md draws it); a new import that is not in it fails here, so
 * the shape changes on purpose or not at all. Tests, and the scripts, e2e and
 * test/ folders outside src/, may import anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/**
 * What each room may import. `engine` is src/engine's own files (the
 * protocol, limits and mark names shared by every runtime); every other
 * engine room is one runtime (page, worker, snapshot helper, Node) or a part
 * two runtimes share.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  engine: [],
  'engine/downloads': ['engine'],
  'engine/python': ['engine', 'trace'],
  'engine/node': ['engine', 'engine/python'],
  'engine/snapshot': ['engine', 'engine/downloads', 'engine/node', 'engine/python'],
  'engine/worker': ['engine', 'engine/downloads', 'engine/python', 'engine/snapshot', 'trace'],
  // sw: the page asks the offline service worker to keep the engine's files (sw/messages.ts).
  'engine/page': ['browser', 'engine', 'sw', 'trace'],
  browser: [],
  trace: ['engine'],
  diagram: ['trace'],
  verdicts: ['engine', 'trace'],
  progress: ['browser'],
  site: ['browser', 'progress'],
  pymalloc: [],
  // trace: the collector's pass runs over a traced picture (pictures/collector-pass.ts).
  pictures: ['trace'],
  editor: [],
  sw: [],
  components: ['diagram', 'editor', 'engine', 'engine/page', 'site', 'trace', 'verdicts'],
  islands: [
    'components',
    'diagram',
    'editor',
    'engine',
    'engine/page',
    'pictures',
    'progress',
    'pymalloc',
    'site',
    'styles',
    'trace',
    'verdicts',
  ],
  // sw: on a first visit the layout hands the service worker what loaded before it (sw/messages.ts).
  layouts: ['components', 'engine/page', 'progress', 'site', 'styles', 'sw'],
  pages: ['build', 'components', 'islands', 'layouts', 'progress', 'site', 'styles'],
  // diagram: a diagram question counts the objects its diagram draws (build/diagram-question.ts).
  build: ['diagram', 'engine', 'engine/node', 'engine/python', 'engine/snapshot', 'pictures', 'progress', 'site', 'trace', 'verdicts'],
  styles: [],
  '.': ['site'],
};

/** The room a file under src/ belongs to: its first folder, or its first two under engine/. */
function roomOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts.length === 1) return '.';
  if (parts[0] === 'engine') return parts.length === 2 ? 'engine' : `engine/${parts[1]}`;
  return parts[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|astro|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** Relative module specifiers a file imports (static, re-exports and dynamic `import()`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(
    /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm,
  )) {
    found.push((match[1] ?? match[2] ?? match[3])!);
  }
  return found;
}

interface Edge {
  from: string;
  to: string;
  file: string;
  target: string;
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .map((spec) => path.resolve(path.dirname(file), spec.split('?')[0]!))
      .filter((target) => target.startsWith(SRC + path.sep))
      .map((target) => ({ from: roomOf(file), to: roomOf(target), file: path.relative(SRC, file), target: path.relative(SRC, target) }))
      .filter((edge) => edge.from !== edge.to),
  );
}

describe('the house', () => {
  const all = edges();

  it('every room is in the table', () => {
    const rooms = new Set(sourceFiles(SRC).map(roomOf));
    expect([...rooms].filter((room) => !(room in MAY_IMPORT))).toEqual([]);
  });

  it('a room imports only the rooms the table allows', () => {
    const wrong = all.filter((edge) => !MAY_IMPORT[edge.from]?.includes(edge.to)).map((e) => `${e.file} → ${e.target}`);
    expect(wrong).toEqual([]);
  });

  it('the table itself has no loop', () => {
    const loops: string[] = [];
    const visit = (room: string, trail: string[]) => {
      for (const next of MAY_IMPORT[room] ?? []) {
        if (trail.includes(next)) loops.push([...trail, next].join(' → '));
        else visit(next, [...trail, next]);
      }
    };
    for (const room of Object.keys(MAY_IMPORT)) visit(room, [room]);
    expect(loops).toEqual([]);
  });
});
