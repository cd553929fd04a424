/**
 * Draws one laid-out step as SVG. No layout decisions here: positions come from
 * layout.ts; this only maps them to shapes. Arrows differ by dash and marker,
 * not colour alone.
 */

import type { HeapObject } from '../../trace/schema.ts';
import { arrowShape } from '../arrows.ts';
import type { StepChanges } from '../changes.ts';
import { objectPhrase, reasonsPhrase } from '../describe.ts';
import { type FoldView, foldPhrase } from '../folds.ts';
import { type Arrow, CHAR_WIDTH, fitText, GEOMETRY, type ObjectView, type Row, type StepLayout } from '../layout.ts';

interface Props {
  step: StepLayout;
  width: number;
  height: number;
  changes: StepChanges;
  showIds: boolean;
  /** Accessible name of the figure. */
  title: string;
  /** Id of the element holding the text alternative. */
  describedBy: string;
  /** Drawn at this size (1: the layout's pixels). */
  scale?: number;
}

function badgeTitle(object: HeapObject): string {
  if (object.refcount === null) return 'Immortal object: CPython never counts its references (PEP 683).';
  const base = `CPython's reference count: ${object.refcount}. Arrows drawn: ${object.drawn}.`;
  if (!object.reasons?.length) return base;
  return `${base} The difference: ${reasonsPhrase(object, '; ')}.`;
}

/** Characters of the 12px monospace header that fit between a box's left edge and its badge. */
const HEADER_CHARS = 17;

/** The header: type and size, cut to end before the badge (the type name gives way first; the whole is the title). */
export function headerText(object: HeapObject): { shown: string; full: string } {
  const size = object.size !== undefined ? ` · ${object.size} B` : '';
  const name = object.kind === 'instance' ? (object.class ?? object.type) : object.type;
  const full = `${name}${size}`;
  if (full.length <= HEADER_CHARS) return { shown: full, full };
  const room = HEADER_CHARS - size.length - 1;
  return { shown: room >= 4 ? `${name.slice(0, room)}…${size}` : fitText(full, HEADER_CHARS), full };
}

/** Characters of a box's value line (a scalar's repr) between its edges. */
const VALUE_CHARS = Math.floor((GEOMETRY.boxWidth - 16) / CHAR_WIDTH);

function valueText(object: HeapObject): string | undefined {
  if (object.repr !== undefined) return object.repr;
  if (object.kind === 'function' || object.kind === 'class' || object.kind === 'module' || object.kind === 'generator') {
    return object.name + (object.state ? ` (${object.state})` : '');
  }
  if (object.length === 0) return 'empty';
  return undefined;
}

function RowView({ row, x, y, width }: { row: Row; x: number; y: number; width: number }) {
  const { row: h } = GEOMETRY;
  return (
    <g class="row">
      {row.full !== undefined && <title>{row.full}</title>}
      <line x1={x} x2={x + width} y1={y} y2={y} class="row-rule" />
      <text x={x + 6} y={y + h / 2} class="row-label" dominant-baseline="central">
        {row.label}
      </text>
      {row.text !== undefined && (
        <text x={x + width - 8} y={y + h / 2} class="row-text" text-anchor="end" dominant-baseline="central">
          {row.text}
        </text>
      )}
      {row.target !== undefined && <circle cx={x + width - 6} cy={y + h / 2} r={3} class="row-dot" />}
    </g>
  );
}

/** What a compact box says: "def f", "class Node", "module math". */
export function compactText(object: HeapObject): string {
  const word = object.kind === 'function' ? 'def' : object.kind;
  return fitText(`${word} ${object.name ?? object.type}`, HEADER_CHARS + 5);
}

/** The count's pill at the top right of a box. */
function Badge({ view, delta }: { view: ObjectView; delta: number | undefined }) {
  const { object } = view;
  return (
    // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: the badge is an image of a count, focusable so keyboard readers reach its explanation
    <g
      class={`badge${delta ? (delta > 0 ? ' up' : ' down') : ''}${object.reasons?.length ? ' differs' : ''}`}
      tabIndex={0}
      role="img"
      aria-label={badgeTitle(object)}
    >
      <title>{badgeTitle(object)}</title>
      <rect x={view.x + view.width - 40} y={view.y + 3} width={36} height={18} rx={9} />
      <text x={view.x + view.width - 22} y={view.y + 12} text-anchor="middle" dominant-baseline="central">
        {object.refcount === null ? '∞' : object.refcount}
        {object.reasons?.length ? '*' : ''}
      </text>
    </g>
  );
}

function ObjectBox({ view, changes, showIds }: { view: ObjectView; changes: StepChanges; showIds: boolean }) {
  const { object } = view;
  const classes = ['object', `kind-${object.kind}`];
  if (view.compact) classes.push('compact');
  if (view.freed) classes.push('freed');
  if (object.unreachable && !view.freed) classes.push('unreachable');
  if (changes.added.has(view.key)) classes.push('added');
  const delta = changes.refcount.get(view.key);
  const value = valueText(object);
  const header = headerText(object);
  const markers = [object.immortal && '∞', object.interned && 'interned', object.smallInt && 'cached'].filter(Boolean).join(' ');
  const shownValue = value === undefined ? '' : fitText(value, Math.max(8, VALUE_CHARS - (markers ? markers.length + 2 : 0)));
  return (
    <g class={classes.join(' ')} data-key={view.key}>
      <rect x={view.x} y={view.y} width={view.width} height={view.height} rx={6} class="box" />
      {view.compact ? (
        <text x={view.x + 8} y={view.y + GEOMETRY.header / 2} class="header" dominant-baseline="central">
          <title>{`${objectPhrase(object)}: drawn closed (tick "internals" to see inside it and its count)`}</title>
          {compactText(object)}
        </text>
      ) : (
        <text x={view.x + 8} y={view.y + GEOMETRY.header / 2} class="header" dominant-baseline="central">
          {header.full !== header.shown && <title>{header.full}</title>}
          {header.shown}
        </text>
      )}
      {!view.compact && <Badge view={view} delta={delta} />}
      {showIds && (
        <text x={view.x + 2} y={view.y - 4} class="object-id">
          id 0x{object.id.toString(16)}
        </text>
      )}
      {view.rows.length === 0 && !view.compact && (
        <text x={view.x + 8} y={view.y + GEOMETRY.header + GEOMETRY.row / 2} class="value" dominant-baseline="central">
          {value !== undefined && shownValue !== value && <title>{value}</title>}
          {shownValue}
          {markers ? `  ${markers}` : ''}
        </text>
      )}
      {view.rows.map((row, i) => (
        <RowView key={i} row={row} x={view.x} y={view.y + GEOMETRY.header + i * GEOMETRY.row} width={view.width} />
      ))}
      {object.unreachable && !view.freed && (
        <text x={view.x + view.width} y={view.y - 4} class="unreachable-label" text-anchor="end">
          unreachable
        </text>
      )}
      {/* Above the box, like "unreachable": inside it, the label would sit on the header. */}
      {view.freed && (
        <text x={view.x + view.width} y={view.y - 4} class="freed-label" text-anchor="end">
          freed
        </text>
      )}
    </g>
  );
}

/**
 * A long run's folded middle: one box whose row says how many objects it holds, its arrow leaving to
 * the run's kept end. The viewer's "Unfold" button draws them (the figure holds no control of its own).
 */
function FoldBox({ view }: { view: FoldView }) {
  return (
    <g class="fold" data-key={view.key}>
      <title>{`${foldPhrase(view)}: folded to keep the drawing small`}</title>
      <rect x={view.x} y={view.y} width={view.width} height={view.height} rx={6} class="box" />
      <text x={view.x + 8} y={view.y + GEOMETRY.header / 2} class="header" dominant-baseline="central">
        {fitText(`${view.type} ×${view.count}`, HEADER_CHARS + 5)}
      </text>
      <RowView row={{ label: `… ${view.count} more`, target: view.key }} x={view.x} y={view.y + GEOMETRY.header} width={view.width} />
    </g>
  );
}

/** Dashed only when the arrow closes a cycle at this step; a back route that closes none (a wrapped chain) stays solid. */
function ArrowPath({ arrow, highlighted }: { arrow: Arrow; highlighted: boolean }) {
  const { d } = arrowShape(arrow);
  return <path d={d} class={`arrow${highlighted ? ' changed' : ''}${arrow.cycle ? ' back' : ''}`} marker-end="url(#ipm-arrowhead)" />;
}

/** Width of the frames' column, with its margin: what the pinned copy of the frames covers. */
export const FRAMES_WIDTH = GEOMETRY.frameX + GEOMETRY.frameWidth + 8;

function Frames({ step, changes }: { step: StepLayout; changes: StepChanges }) {
  return (
    <>
      {step.frames.map((frame) => (
        <g class="frame" key={frame.key}>
          <rect x={frame.x} y={frame.y} width={frame.width} height={frame.height} rx={4} class="box" />
          <text x={frame.x + 8} y={frame.y + GEOMETRY.header / 2} class="header" dominant-baseline="central">
            {frame.name === '<module>' ? 'Global frame' : frame.name}
          </text>
          {frame.rows.map((row, i) => (
            <g key={i} class={changes.rebound.has(`${frame.key}:${row.label}`) ? 'rebound' : undefined}>
              <RowView row={row} x={frame.x} y={frame.y + GEOMETRY.header + i * GEOMETRY.row} width={frame.width} />
            </g>
          ))}
        </g>
      ))}
    </>
  );
}

/**
 * The frames alone, on an opaque ground: kept in view at the left edge while the reader scrolls a
 * diagram wider than its box, so variable names and the objects they reach are on screen together.
 * A copy of what the diagram shows, so hidden from assistive technology.
 */
export function PinnedFrames({
  step,
  height,
  changes,
  scale = 1,
}: {
  step: StepLayout;
  height: number;
  changes: StepChanges;
  scale?: number;
}) {
  return (
    <svg
      class="memory-diagram frames-pin"
      viewBox={`0 0 ${FRAMES_WIDTH} ${height}`}
      width={FRAMES_WIDTH * scale}
      height={height * scale}
      aria-hidden="true"
    >
      <rect x={0} y={0} width={FRAMES_WIDTH} height={height} class="pin-ground" />
      <Frames step={step} changes={changes} />
    </svg>
  );
}

export function MemoryDiagram({ step, width, height, changes, showIds, title, describedBy, scale = 1 }: Props) {
  return (
    <svg
      class="memory-diagram"
      viewBox={`0 0 ${width} ${height}`}
      width={width * scale}
      height={height * scale}
      role="img"
      aria-label={title}
      aria-describedby={describedBy}
    >
      <defs>
        <marker id="ipm-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
        </marker>
      </defs>
      <Frames step={step} changes={changes} />
      {step.objects.map((view) => (
        <ObjectBox key={view.key} view={view} changes={changes} showIds={showIds} />
      ))}
      {step.folds.map((view) => (
        <FoldBox key={view.key} view={view} />
      ))}
      {step.arrows.map((arrow, i) => (
        <ArrowPath
          key={i}
          arrow={arrow}
          highlighted={changes.rebound.has(`${arrow.source}:${step.frames.find((f) => f.key === arrow.source)?.rows[arrow.row]?.label}`)}
        />
      ))}
    </svg>
  );
}
