/**
 * The byte strip: one object's memory drawn to scale, field by field (GC
 * pre-header, header, the type's own data, a list's separate item array), on
 * the engine's wasm32 build as measured and on 64-bit CPython as computed from
 * the same fields. The figures were measured by the engine at build time
 * (src/build/pictures.ts) and the fields shaped by src/pictures/object-layout.ts;
 * this island only picks the object and draws. The table under the strips is
 * its text alternative.
 */
import { useId, useMemo, useState } from 'preact/hooks';
import { type Field, type FieldPart, fieldRows, layoutObject, type ObjectLayout, type ObjectMeasure } from '../pictures/object-layout.ts';
// Inlined: an MDX-embedded island's CSS import is not carried into the page's styles by the build.
import styles from '../pictures/pictures.css?raw';

interface Props {
  /** JSON: the ObjectMeasure of each object offered, measured by the engine at build time. */
  measures: string;
}

const PART_NAMES: Record<FieldPart, string> = {
  'pre-header': 'GC pre-header',
  header: 'header',
  data: 'the type’s own data',
  items: 'item slots (a separate block)',
  padding: 'padding',
};

const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;

function Row({ fields, scale }: { fields: Field[]; scale: number }) {
  return (
    <div class="strip" aria-hidden="true">
      {fields.map((field) => (
        <div
          key={field.name}
          class={`strip-field ${field.part}${field.spare ? ' spare' : ''}`}
          style={{ width: `${(field.bytes / scale) * 100}%` }}
          title={`${field.name}: ${bytes(field.bytes)}, ${field.note}`}
        >
          <b>{field.name}</b>
          {field.bytes}
        </div>
      ))}
    </div>
  );
}

function Strip({ layout, title, detail, scale }: { layout: ObjectLayout; title: string; detail: string; scale: number }) {
  const itemsUsed = layout.items.filter((f) => !f.spare).length;
  return (
    <div class="strip-row">
      <div class="strip-title">
        {title} <span>{detail}</span>
      </div>
      <Row fields={layout.fields} scale={scale} />
      {layout.items.length > 0 && (
        <div class="strip-items">
          <span class="strip-arrow">
            ob_item → {layout.items.length} slots ({itemsUsed} used), {bytes(layout.total - layout.objectBytes)}
          </span>
        </div>
      )}
      {layout.items.length > 0 && <Row fields={layout.items} scale={scale} />}
    </div>
  );
}

export default function ObjectStrip({ measures }: Props) {
  const objects = useMemo(() => JSON.parse(measures) as ObjectMeasure[], [measures]);
  const [chosen, setChosen] = useState(0);
  const name = useId();
  const m = objects[chosen]!;
  const measured = layoutObject(m, m.pointer);
  const computed = layoutObject(m, 8);
  const blocks = (l: ObjectLayout) => [l.objectBytes, l.total - l.objectBytes];
  const scale = Math.max(...blocks(measured), ...blocks(computed));
  const rows = fieldRows(measured, computed);
  const parts = [...new Set([...computed.fields, ...computed.items].map((f) => f.part))];
  return (
    <figure class="picture object-strip">
      <style>{styles}</style>
      <fieldset>
        <legend>Object</legend>
        {objects.map((o, i) => (
          <label key={o.expr}>
            <input type="radio" name={name} checked={i === chosen} onChange={() => setChosen(i)} />
            <code>{o.expr}</code>
          </label>
        ))}
      </fieldset>
      <p role="status">
        <code>{m.expr}</code> is a <code>{m.type}</code>: <code>sys.getsizeof</code> says {bytes(m.getsizeof)} in this engine (wasm32,{' '}
        {m.pointer}-byte pointers); the same fields with 8-byte pointers make {bytes(computed.total)} on 64-bit CPython.
      </p>
      <Strip layout={measured} title="wasm32, this engine" detail={`measured: ${bytes(measured.total)}`} scale={scale} />
      <Strip layout={computed} title="64-bit CPython" detail={`computed from the same fields: ${bytes(computed.total)}`} scale={scale} />
      <div class="strip-key" aria-hidden="true">
        {parts.map((part) => (
          <span key={part} class={part}>
            {PART_NAMES[part]}
          </span>
        ))}
        {computed.items.some((f) => f.spare) && <span class="spare">reserved, unused</span>}
      </div>
      <details>
        <summary>The strip as a table</summary>
        <table>
          <caption>
            Fields of <code>{m.expr}</code>, in memory order: bytes and offset on wasm32 (measured) and 64-bit (computed)
          </caption>
          <thead>
            <tr>
              <th scope="col">field</th>
              <th scope="col">holds</th>
              <th scope="col" class="num">
                wasm32 bytes (offset)
              </th>
              <th scope="col" class="num">
                64-bit bytes (offset)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.block}${row.name}`}>
                <th scope="row">
                  <code>{row.block === 'items' ? `ob_item${row.name}` : row.name}</code>
                </th>
                <td>
                  {PART_NAMES[row.part]}: {row.note}
                </td>
                <td class="num">
                  {row.measured.bytes} ({row.measured.offset})
                </td>
                <td class="num">
                  {row.computed.bytes} ({row.computed.offset})
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">total</th>
              <td>
                what <code>sys.getsizeof</code> counts
              </td>
              <td class="num">{measured.total}</td>
              <td class="num">{computed.total}</td>
            </tr>
          </tfoot>
        </table>
      </details>
      <figcaption class="picture-note">
        Drawn to scale, one width per byte. The wasm32 sizes are the engine’s own; the 64-bit strip is computed (pointers,{' '}
        <code>Py_ssize_t</code> and hashes are 8 bytes there), not measured here.
      </figcaption>
    </figure>
  );
}
