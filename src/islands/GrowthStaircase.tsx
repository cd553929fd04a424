/**
 * The growth staircase: `sys.getsizeof` of a list against its length as items
 * are appended, from sizes the engine measured at build time
 * (src/build/pictures.ts), shaped by src/pictures/growth.ts. The reader
 * chooses how many appends to show; the table of steps is the text
 * alternative.
 */
import { useId, useMemo, useState } from 'preact/hooks';
import { type GrowthMeasure, growthSteps, staircase } from '../pictures/growth.ts';
// Inlined: an MDX-embedded island's CSS import is not carried into the page's styles by the build.
import styles from '../pictures/pictures.css?raw';

interface Props {
  /** JSON: the GrowthMeasure the engine made at build time. */
  growth: string;
  /** How many appends are shown at first. */
  count: string;
}

const WIDTH = 600;
const HEIGHT = 180;
const LEFT = 40;
const BOTTOM = 22;
const TOP = 14;

export default function GrowthStaircase({ growth, count }: Props) {
  const measure = useMemo(() => JSON.parse(growth) as GrowthMeasure, [growth]);
  const max = measure.sizes.length - 1;
  const [shown, setShown] = useState(Math.min(Number(count), max));
  const id = useId();
  const points = staircase(measure, shown, WIDTH - LEFT, HEIGHT);
  const steps = growthSteps(measure, shown);
  const column = (WIDTH - LEFT) / points.length;
  const last = steps.at(-1)!;
  return (
    <figure class="picture staircase">
      <style>{styles}</style>
      <label for={id} data-pagefind-ignore="all">
        Appends shown: <span class="staircase-count">{shown}</span>
      </label>{' '}
      <input id={id} type="range" min={1} max={max} value={shown} onInput={(e) => setShown(Number(e.currentTarget.value))} />
      <p role="status" data-pagefind-ignore="all">
        After {shown} append{shown === 1 ? '' : 's'} the list is {measure.sizes[shown]} bytes with room for {last.capacity} items; it
        reallocated {steps.length - 1} time{steps.length === 2 ? '' : 's'} (at lengths{' '}
        {steps
          .slice(1)
          .map((s) => s.from)
          .join(', ')}
        ).
      </p>
      <svg data-pagefind-ignore="all" viewBox={`0 0 ${WIDTH} ${HEIGHT + TOP + BOTTOM}`} aria-hidden="true">
        <g transform={`translate(${LEFT} ${TOP})`}>
          {points.map((p) => (
            <rect
              key={p.length}
              class={p.grew ? 'column grew' : 'column'}
              x={p.x + column * 0.08}
              y={p.y}
              width={column * 0.84}
              height={p.height}
            >
              <title>
                length {p.length}: {p.bytes} bytes
              </title>
            </rect>
          ))}
          {steps.map((s) => {
            const p = points[s.from]!;
            return (
              <text key={s.from} x={-4} y={p.y + 4} text-anchor="end" class="muted">
                {s.bytes}
              </text>
            );
          })}
          {steps.map((s) => (
            <text key={`x${s.from}`} x={points[s.from]!.x + column / 2} y={HEIGHT + 15} text-anchor="middle">
              {s.from}
            </text>
          ))}
          <line class="axis" x1={0} y1={HEIGHT} x2={WIDTH - LEFT} y2={HEIGHT} />
          <text x={WIDTH - LEFT} y={HEIGHT + 15} text-anchor="end" class="muted">
            length →
          </text>
          <text x={-4} y={-0} text-anchor="end" class="muted">
            bytes
          </text>
        </g>
      </svg>
      <details>
        <summary>The staircase as a table</summary>
        <table>
          <caption>List size against length (sys.getsizeof, this engine: wasm32, {measure.pointer}-byte slots)</caption>
          <thead>
            <tr>
              <th scope="col">lengths</th>
              <th scope="col" class="num">
                bytes
              </th>
              <th scope="col" class="num">
                slots reserved
              </th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.from}>
                <th scope="row">{s.from === s.to ? s.from : `${s.from}–${s.to}`}</th>
                <td class="num">{s.bytes}</td>
                <td class="num">{s.capacity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <figcaption class="picture-note">
        Each column is one length, its height the list’s <code>sys.getsizeof</code> as the engine measured it; a highlighted column is an
        append that reallocated. Between steps, appends only fill slots already reserved.
      </figcaption>
    </figure>
  );
}
