/**
 * The programs whose traces the diagram tests read, by name. Each is traced by
 * golden.test.ts into `traces/<name>.json`; tests load them with `golden(name)`
 * (test/support/golden.ts) and never boot CPython. Adding a program here and
 * running `UPDATE_GOLDEN=1 npx vitest run test/golden` writes its fixture.
 *
 * The text is exactly what the tests traced before they read fixtures: line
 * numbers and step indices in their assertions count from it.
 */
/** A linked list of `count` nodes, each pushed at its front; with `slots`, Node declares its two slots. */
function pushedChain(count: number, { slots = false } = {}): string {
  return [
    'class Node:',
    slots ? '    __slots__ = ("value", "next")' : '    pass',
    '',
    'head = None',
    `for i in range(${count}):`,
    '    node = Node()',
    '    node.value = i',
    '    node.next = head',
    '    head = node',
    'del node',
    'end = 1',
    '',
  ].join('\n');
}

export const GOLDEN_PROGRAMS = {
  /** One list reached three ways, then one name deleted and a comprehension (layout: places, overlaps). */
  'shared-list': 'a = [1, 2, 3]\nb = a\nc = {"k": a}\na.append(4)\ndel a\nd = [[i] for i in range(3)]\n',
  /** Two names for one list of two ints (layout: an arrow per reference, scalars inline). */
  'two-names-one-list': 'a = [1, 2]\nb = a\npass\n',
  /** A list of 50 ints, too long to draw whole (layout: head, "N more", tail). */
  'long-list': 'xs = list(range(1000, 1050))\npass\n',
  /** A list freed by `del` (layout: a ghost for one step). */
  'freed-list': 'a = [1]\ndel a\npass\n',
  /** 200 one-item lists (layout: the picture stays readable). */
  'two-hundred-lists': 'xs = [[i] for i in range(200)]\npass\n',
  /** An alias bound, then the first name deleted (describe: bound, deleted, refcount change). */
  'alias-then-del': 'a = [1, 2, 3]\nb = a\ndel a\n',
  /** A for-loop over a list (describe: the iterator's reference, counted but not drawn). */
  'for-loop': 'items = [1, 2]\nfor i in items:\n    pass\n',
  /** A list that holds itself (arrows: a loop around its own box). */
  'list-holds-itself': 'box = []\nbox.append(box)\nend = 1',
  /** Two instances referring to each other (arrows: back arrows routed around every box). */
  'instance-cycle': 'class Node:\n    pass\na = Node()\nb = Node()\na.other = b\nb.other = a\nend = 1',
  /**
   * Containers and strings longer than the tracer lists (maxItems 100, maxRepr 60), each followed
   * by what Python says its last items are (layout: the drawn tail is the true tail).
   */
  'long-containers': [
    'xs = list(range(600))',
    'tu = tuple(f"t{i}" for i in range(150))',
    'd = {f"key{i}": i * i for i in range(120)}',
    's = {i * 7 for i in range(300)}',
    'text = "start " + "x" * 200 + " the end"',
    'data = bytes(range(256)) * 2',
    'flags = {"debug": True, "quiet": False, "log": None}',
    'print(repr(xs[-2]), repr(xs[-1]))',
    'print(repr(tu[-2]), repr(tu[-1]))',
    'print(*(f"{k!r}={v!r}" for k, v in list(d.items())[-2:]))',
    'print(*(repr(v) for v in list(s)[-2:]))',
    'print(repr(text)[-12:])',
    'print(repr(data)[-12:])',
    '',
  ].join('\n'),
  /*
   * The linked structures below are built without calling a function of the program's own: the
   * tracer keys a frame by its address, which a later call may or may not reuse, so a fixture with
   * calls in a loop would not come out the same twice.
   */
  /** A 12-node linked list built by appending at its tail (layout: a chain left to right, wrapped). */
  'chain-appended': [
    'class Node:',
    '    pass',
    '',
    'head = Node()',
    'head.value = 0',
    'head.next = None',
    'tail = head',
    'for i in range(1, 12):',
    '    node = Node()',
    '    node.value = i',
    '    node.next = None',
    '    tail.next = node',
    '    tail = node',
    'del node',
    'end = 1',
    '',
  ].join('\n'),
  /**
   * A class body that calls a function: the class statement is one step, but the function's steps
   * show the class body's frame, with CPython's bookkeeping names (diagram: hidden unless asked for).
   */
  'class-body-calls': 'def default_size():\n    return 4\n\nclass Box:\n    size = default_size()\n    label = "box"\n\nb = Box()\n',
  /** A linked list built by pushing at its front (layout: nothing moves as the head changes). */
  'chain-pushed': pushedChain(8),
  /** A binary search tree of 7 nodes, built by inserting 4 2 6 1 3 5 7 (layout: children right of and below their parent). */
  'binary-tree': [
    'class Tree:',
    '    pass',
    '',
    'root = None',
    'for value in [4, 2, 6, 1, 3, 5, 7]:',
    '    new = Tree()',
    '    new.value = value',
    '    new.left = None',
    '    new.right = None',
    '    if root is None:',
    '        root = new',
    '        continue',
    '    at = root',
    '    while True:',
    '        side = "left" if value < at.value else "right"',
    '        if getattr(at, side) is None:',
    '            setattr(at, side, new)',
    '            break',
    '        at = getattr(at, side)',
    'del new, at, side, value',
    'end = 1',
    '',
  ].join('\n'),
  /** A list of three dicts (layout: items in item order). */
  'list-of-dicts': 'people = [{"name": "Ada", "age": 36}, {"name": "Alan", "age": 41}, {"name": "Grace", "age": 85}]\nend = 1\n',
  /**
   * A 40-node linked list built by pushing at its front (layout: a long chain folds its middle into
   * one "… N more" box, placed once for the whole trace, while the head changes at every node).
   */
  'chain-long': pushedChain(40, { slots: true }),
  /** 30 names, each bound to a one-item list (layout: a long frame folds its middle names into one row). */
  'many-names': `${Array.from({ length: 30 }, (_, i) => `v${i} = [${i}]`).join('\n')}\nend = 1\n`,
  /** A doubly linked list of 5 nodes (layout: only the prev arrows close cycles, so only they are dashed). */
  'doubly-linked': [
    'class Node:',
    '    pass',
    '',
    'head = Node()',
    'head.value = 0',
    'head.prev = None',
    'head.next = None',
    'tail = head',
    'for i in range(1, 5):',
    '    node = Node()',
    '    node.value = i',
    '    node.prev = tail',
    '    node.next = None',
    '    tail.next = node',
    '    tail = node',
    'end = 1',
    '',
  ].join('\n'),
} as const satisfies Record<string, string>;

export type GoldenName = keyof typeof GOLDEN_PROGRAMS;
