/**
 * Tries an exercise or a predict question the way the tests do.
 *
 *   npm run exercise -- content/lessons/NN-x/exercises/name.md   solution must pass, starter must fail
 *   npm run exercise -- content/lessons/NN-x/quizzes/name.md     prints the real output (the answer key)
 */
import path from 'node:path';
import { loadExercise, loadPredict } from '../src/build/activity-files.ts';
import { answerPredict, describeVerdict, verifyExercise } from '../src/build/verify.ts';
import { nodeEngine } from '../src/engine/node/engine.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run exercise -- <lesson>/exercises/<id>.md | <lesson>/quizzes/<id>.md ...');
  process.exit(2);
}

const runner = await nodeEngine();
let failed = false;
for (const file of files) {
  const id = path.basename(file, '.md');
  const lessonDir = path.dirname(path.dirname(file));
  const kind = path.basename(path.dirname(file));
  try {
    if (kind === 'exercises') {
      const report = verifyExercise(runner, loadExercise(lessonDir, id));
      console.log(`${file}\nsolution: ${describeVerdict(report.solution)}\nstarter:  ${describeVerdict(report.starter)}`);
      if (report.problems.length) {
        failed = true;
        console.log(`PROBLEMS:\n- ${report.problems.join('\n- ')}`);
      } else console.log('OK: the solution passes and the starter does not.');
    } else if (kind === 'quizzes') {
      const question = loadPredict(lessonDir, id);
      const answer = answerPredict(runner, question);
      console.log(`${file}\nanswer (the real output):\n${answer.output}\nwrong choices: ${JSON.stringify(question.choices)}\nOK`);
    } else {
      throw new Error('expected a file in an exercises/ or quizzes/ folder');
    }
  } catch (error) {
    failed = true;
    console.log(`${file}\nPROBLEM: ${(error as Error).message}`);
  }
  console.log('');
}
process.exit(failed ? 1 : 0);
