/**
 * Diagram benchmark (Node): layout and SVG rendering time per step for traces
 * of about 10, 50 and 200 objects. Prints a table and writes
 * bench/diagram-results.json. Run with `npm run bench:diagram`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { renderToString } from 'preact-render-to-string';
import { stepChanges } from '../src/diagram/changes.ts';
import { layoutTrace } from '../src/diagram/layout.ts';
import { MemoryDiagram } from '../src/diagram/render/MemoryDiagram.tsx';
import { nodeEngine } from '../src/engine/node/engine.ts';
import { Trace } from '../src/trace/schema.ts';
import { expandTrace } from '../src/trace/picture.ts';

const runner = await nodeEngine();

/** A program whose last pictures hold about `n` objects drawn as boxes: variables bound to one-item lists. */
function program(n: number): string {
  const count = Math.max(1, Math.round(n / 2));
  return Array.from({ length: count }, (_, i) => `v${i} = [${1000 + i}.5]`).join('\n');
}

const results: Record<string, { objects: number; steps: number; layoutMsPerStep: number; renderMsPerStep: number }> = {};
for (const target of [10, 50, 200]) {
  const trace = Trace.parse(JSON.parse(runner.trace(program(target), () => undefined, { maxObjects: 400, maxItems: 400 })));
  const pictures = expandTrace(trace);
  const repeats = 5;
  let layoutMs = Infinity;
  let renderMs = Infinity;
  let objects = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const layout = layoutTrace(trace, { inlineScalars: false });
    const t1 = performance.now();
    layout.steps.forEach((step, i) => {
      objects = Math.max(objects, step.objects.length);
      renderToString(
        <MemoryDiagram step={step} width={layout.width} height={layout.height} changes={stepChanges(pictures[i]!, pictures[i - 1])}
          showIds={false} title="bench" describedBy="x" />,
      );
    });
    const t2 = performance.now();
    layoutMs = Math.min(layoutMs, (t1 - t0) / trace.steps.length);
    renderMs = Math.min(renderMs, (t2 - t1) / trace.steps.length);
  }
  results[`~${target}`] = { objects, steps: trace.steps.length, layoutMsPerStep: layoutMs, renderMsPerStep: renderMs };
}

console.log('Diagram benchmark (Node, best of 5; per step)\n');
console.log('| objects drawn (max) | steps | layout | render (SVG to string) | total | budget |');
console.log('|---|---|---|---|---|---|');
for (const [name, r] of Object.entries(results)) {
  const budget = name === '~200' ? '≤ 16 ms' : name === '~50' ? '≤ 4 ms' : '';
  console.log(`| ${r.objects} | ${r.steps} | ${r.layoutMsPerStep.toFixed(3)} ms | ${r.renderMsPerStep.toFixed(3)} ms | ${(r.layoutMsPerStep + r.renderMsPerStep).toFixed(3)} ms | ${budget} |`);
}
mkdirSync(new URL('../bench/', import.meta.url), { recursive: true });
writeFileSync(new URL('../bench/diagram-results.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
console.log('\nwritten: bench/diagram-results.json');
