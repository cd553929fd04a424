/**
 * How long a lesson takes, computed from what it holds rather than guessed:
 * its prose read at 200 words a minute, plus time for what the reader does —
 * run and step each live cell, solve each exercise, answer each question, read
 * each worked answer. Pure: it reads the lesson's MDX source.
 */

/** Words a minute for technical prose (a common reading rate for instructional text). */
export const WORDS_PER_MINUTE = 200;

/** Minutes each thing a reader does takes, beyond reading about it. */
export const ACTIVITY_MINUTES = {
  /** Read the code, predict, run it, step through its diagram. */
  cell: 1,
  /** Read the task, write, check, maybe a hint or two. */
  exercise: 5,
  /** Read the program, commit to an answer, read why. */
  question: 1.5,
  /** Open a "Try" prompt's worked answer and read it. */
  workedAnswer: 0.5,
} as const;

export interface LessonTime {
  /** Whole minutes, rounded up. */
  minutes: number;
  /** Prose words: what the reader reads, without code, output or markup. */
  words: number;
  cells: number;
  exercises: number;
  questions: number;
  workedAnswers: number;
}

/** A fenced block's info string and body, in order; what is outside fences is prose. */
function splitFences(source: string): { prose: string; infos: string[] } {
  const infos: string[] = [];
  const prose: string[] = [];
  let fence: string | null = null;
  for (const line of source.split('\n')) {
    const open = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence === null && open) {
      fence = open[1]!;
      infos.push(open[2]!.trim());
    } else if (fence !== null && line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') {
      fence = null;
    } else if (fence === null) {
      prose.push(line);
    }
  }
  return { prose: prose.join('\n'), infos };
}

/** Prose words of Markdown/MDX text: markup, JSX tags, link targets and inline-code punctuation removed. */
export function proseWords(prose: string): number {
  const text = prose
    .replace(/^---\n[\s\S]*?\n---\n/, '') // frontmatter
    .replace(/<[^>\n]+>/g, ' ') // JSX and HTML tags (their text content stays)
    .replace(/\]\([^)]*\)/g, ']') // link targets
    .replace(/[#>*_`|[\]]/g, ' ');
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

export function lessonTime(source: string): LessonTime {
  const { prose, infos } = splitFences(source);
  const flags = infos.map((info) => info.split(/\s+/));
  const words = proseWords(prose);
  const cells = flags.filter((f) => f[0] === 'python' && f.includes('live')).length;
  const workedAnswers = flags.filter((f) => f[0] === 'python' && f.includes('try') && f.includes('show')).length;
  const exercises = (prose.match(/<Exercise\b/g) ?? []).length;
  const questions = (prose.match(/<Predict\b/g) ?? []).length;
  const total =
    words / WORDS_PER_MINUTE +
    cells * ACTIVITY_MINUTES.cell +
    exercises * ACTIVITY_MINUTES.exercise +
    questions * ACTIVITY_MINUTES.question +
    workedAnswers * ACTIVITY_MINUTES.workedAnswer;
  return { minutes: Math.ceil(total), words, cells, exercises, questions, workedAnswers };
}
