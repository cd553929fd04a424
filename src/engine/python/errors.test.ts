/**
 * errors.py formats a runtime error with CPython's own traceback code, minus the parses
 * whose answer the text already gives: on every Python the course runs, its text must be
 * the traceback module's, character for character. Each program runs twice per version:
 * as the reader's (the engine's text), and inside a wrapper that formats the same error
 * with `traceback.format_exception`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runOnVersions, type VersionRun } from '../node/version-runs.ts';
import { PYTHON_VERSIONS } from '../versions.ts';

/** Each ends in an uncaught error; between them they cover every branch of the caret rules. */
const PROGRAMS = [
  'print(y)\n', // a name: no anchors, carets under it
  'x = 1 / 0\n', // a binary operation in an assignment (not a call)
  'value = 10\nratio = value / (value - 10)\n',
  'def f(a):\n    return a[3]\nf([1])\n', // a subscript, returned
  'def g():\n    return h()\ndef h():\n    raise ValueError("no")\ng()\n', // `return h()`: the whole line, no carets
  'result = max()\n', // `x = f()`: the whole line, no carets
  'def f():\n    x = int("a")\n    return x\nf()\n',
  'def f():\n    x = int("a") + 1\n    return x\nf()\n',
  'def f():\n    return int("a"), 2\nf()\n',
  'def f():\n    return undefined_name\nf()\n',
  'd = {}\nd["k"] + 1\n',
  'x = [1, 2]\ny = x[0] + x[5]\n',
  'x = [1]\nx[1] = 2\n',
  'x = (1 +\n     2 / 0)\n', // over two lines
  'total = sum([1, 2],\n            "a")\n',
  'é = 1\nprint(é / 0)\n', // not ASCII: offsets in bytes and characters differ
  'naïve = {}\nvalue = naïve["clé"]\n',
  'try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise KeyError("k")\n', // chained
  'raise ValueError("x") from KeyError("y")\n',
  'assert 1 == 2, "no"\n',
  'raise ExceptionGroup("g", [ValueError(1), TypeError(2)])\n',
  'def f(n):\n    if n == 0:\n        raise ValueError("bottom")\n    return f(n - 1)\nf(30)\n', // repeated frames
  'class A:\n    pass\nA().missing\n',
  'n = 5\nprint(n.bit_lenght())\n', // a hint
  'prnt("hello")\n',
  'def f(x):\n    return x.y.z\nf(1)\n',
  'if True:\n    x = {}["a"]\n',
  'obj = None\nobj.attr\n',
  'f = lambda: 1 / 0\nf()\n',
  'values = [1, 2, 3]\ntotal = 0\nfor v in values:\n    total += v / (v - 2)\n',
  'x = (lambda: 1)(\n    )(2)\n',
  'class Money:\n    def __add__(self, other):\n        raise TypeError("no")\nMoney() + Money()\n',
  // What errors.py writes itself (the reader's one-line statements, nothing chained), beside the above:
  'def f():\n\tx = 1 / 0\nf()\n', // indented with a tab
  'x = 1 / 0   # divide   \n', // a comment and trailing spaces
  'print("a", 1 / 0, "b")\n',
  'x = "abc".index("z")\n', // `x = f(...)`, a method: the parse decides
  'def f(s):\n    return s.index("z")\nf("abc")\n',
  'class MyError(Exception):\n    pass\nraise MyError("bad")\n', // the reader's class
  'e = ValueError("v")\ne.add_note("a note")\nraise e\n',
  'raise ValueError\n',
  'raise ValueError("")\n',
  'raise ValueError("two\\nlines")\n',
  'd = {}\nd[1, 2]\n',
  'math.sqrt(2)\n', // a hint to import
  'from math import sqr\n',
  'def f(n):\n    return f(n - 1) if n else 1 / 0\nf(50)\n', // fifty frames on one line, folded
  'open("/no/such/file.txt")\n',
  'import random\nrandom.choice([])\n', // a frame of the library's
  'values = [1 / x for x in [1, 0]]\n',
  'def outer():\n    def inner():\n        return [][0]\n    return inner()\nouter()\n',
  'x = 1; y = x / 0\n',
];

/** The same program run by CPython inside a wrapper, its error formatted by the traceback module. */
function formattedByCPython(code: string): string {
  return `import linecache, traceback
source = ${JSON.stringify(code)}
linecache.cache["<prog>"] = (len(source), None, source.splitlines(True), "<prog>")
try:
    exec(compile(source, "<prog>", "exec"), {"__name__": "__main__", "__doc__": None})
except BaseException as error:
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__.tb_next))
    print(text.replace("<prog>", "<cell>"), end="")
`;
}

let runs: Record<string, VersionRun[]>;

beforeAll(async () => {
  runs = await runOnVersions(
    PROGRAMS.flatMap((code) => [{ code }, { code: formattedByCPython(code) }]),
    PYTHON_VERSIONS,
  );
}, 180_000);

describe("a runtime error's traceback", () => {
  it.each(PYTHON_VERSIONS)("is written on %s exactly as CPython's traceback module writes it", (version) => {
    const byVersion = runs[version]!;
    PROGRAMS.forEach((code, i) => {
      const engine = byVersion[2 * i]!;
      const cpython = byVersion[2 * i + 1]!;
      expect(engine.status, code).toBe('error');
      expect(cpython.stdout, code).toMatch(/Error|Group/);
      expect(engine.error, code).toBe(cpython.stdout);
    });
  });
});
