/**
 * Where the tracer's time goes, by function: cProfile inside Pyodide. cProfile
 * cannot see into sys.monitoring callbacks (CPython runs them with tracing off),
 * so each program is run with a call to a hook put before every statement, and
 * the hook makes the tracer's picture of the frame that called it: the same work
 * a step does, profiled. Programs: Python Tutor's (PT_DIR) or the files given.
 *
 * `--whole` profiles the whole traced run instead, as the page asks for it
 * (`trace()`, `--repeat` times per program): what a run costs besides its steps,
 * i.e. the session's set-up and tear-down, compiling, describing an error, the
 * trace's JSON. The steps themselves (the monitoring callbacks) stay invisible.
 *
 *   PT_DIR=… npm run bench:profile [-- --only name,name] [-- --sort cumtime] [-- --whole [--repeat 20]]
 *   npm run bench:profile -- prog.py …
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPyodide } from 'pyodide';
import type { PyCallable } from 'pyodide/ffi';
import { pyodideDir, pythonSourcesFromDisk } from '../../src/engine/node/engine.ts';
import { loadRunnerModule } from '../../src/engine/python/runner.ts';
import { ptPrograms } from './pytutor.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string' },
    sort: { type: 'string', default: 'tottime' },
    whole: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '20' },
  },
});

const PROFILER = `
import ast, builtins, cProfile, io, pstats, sys
profiler = cProfile.Profile()

class Hooks(ast.NodeTransformer):
    """Puts a call to __step__() before every statement."""
    def generic_visit(self, node):
        super().generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                hooked = []
                for statement in body:
                    call = ast.Expr(ast.Call(ast.Name("__step__", ast.Load()), [], []))
                    hooked += [ast.copy_location(call, statement), statement]
                setattr(node, field, hooked)
        return node

def profile(runner, code):
    tracer_module = runner._tracer
    try:
        tree = ast.fix_missing_locations(Hooks().visit(ast.parse(code)))
    except SyntaxError:
        return
    compiled = compile(tree, "<cell>", "exec")
    tracer = tracer_module.Tracer(tracer_module.Limits(), lambda stream, text: None)
    tracer._collect_codes(compiled)
    steps = [0]
    def step():
        steps[0] += 1
        if steps[0] > 1000:
            raise RuntimeError("enough steps")
        tracer._picture("line", sys._getframe(1), None)
    namespace = {"__name__": "__main__", "__builtins__": builtins, "__step__": step}
    profiler.enable()
    try:
        exec(compiled, namespace)
    except BaseException:
        pass
    finally:
        profiler.disable()
        namespace.clear()

def profile_whole(runner, code, repeat):
    options = "{}"
    quiet = lambda stream, text: None
    for _ in range(int(repeat)):
        profiler.enable()
        try:
            runner.trace(code, quiet, options)
        finally:
            profiler.disable()

def report(sort):
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(30)
    return out.getvalue()

(profile, profile_whole, report)
`;

const ptDir = process.env.PT_DIR;
const programs = positionals.length
  ? positionals.map((file) => ({ name: file, code: readFileSync(file, 'utf8') }))
  : ptDir
    ? ptPrograms(ptDir)
    : [];
if (programs.length === 0) {
  console.error('Give program files, or set PT_DIR to a checkout of Python Tutor (see README).');
  process.exit(2);
}
const only = values.only?.split(',');
const pyodide = await loadPyodide({ indexURL: pyodideDir() });
pyodide.setStdout({ batched: () => undefined }); // what the programs print
const runner = loadRunnerModule(pyodide, pythonSourcesFromDisk());
const [profile, profileWhole, report] = (pyodide.runPython(PROFILER) as { toJs(): PyCallable[] }).toJs() as [
  PyCallable,
  PyCallable,
  PyCallable,
];
for (const { name, code } of programs) {
  if (only && !only.some((o) => name.includes(o))) continue;
  if (values.whole) profileWhole(runner, code, values.repeat);
  else profile(runner, code);
}
console.log(report(values.sort));
