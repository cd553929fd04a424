import { describe, expect, it } from 'vitest';
import type { HeapObject } from '../../trace/schema.ts';
import { headerText } from './MemoryDiagram.tsx';

const object = (fields: Partial<HeapObject>): HeapObject => ({
  id: 0x1a2b3c4d,
  type: 'list',
  kind: 'list',
  refcount: 1,
  drawn: 1,
  ...fields,
});

describe('a box header', () => {
  it('ends before the count badge whatever the type and size, the whole text kept as its title', () => {
    for (const fields of [
      { type: 'list', size: 44 },
      { type: 'dict', size: 4680 },
      { type: 'instance', kind: 'instance', class: 'AVeryLongClassNameIndeed', size: 48 },
      { type: 'builtin_function_or_method', kind: 'builtin' },
      { type: 'x'.repeat(60), size: 123456 },
    ] as Partial<HeapObject>[]) {
      const { shown, full } = headerText(object(fields));
      expect(shown.length).toBeLessThanOrEqual(17);
      expect(full.startsWith(fields.kind === 'instance' ? fields.class! : fields.type!)).toBe(true);
    }
    expect(headerText(object({ size: 44 })).shown).toBe('list · 44 B');
    expect(headerText(object({ kind: 'instance', class: 'AVeryLongClassNameIndeed', size: 48 })).shown).toBe('AVeryLong… · 48 B');
  });
});
