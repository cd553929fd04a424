/**
 * The options of a multiple-choice predict question: the real output among the
 * author's wrong answers, in an order that is fixed per question (so a reload,
 * the tests and the build all agree) but not always first.
 */

/** A small deterministic hash (FNV-1a) of the seed. */
function hash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Puts `answer` among `wrong` at a position chosen by `seed`; the wrong answers keep their order. */
export function shuffleChoices(answer: string, wrong: readonly string[], seed: string): string[] {
  const at = hash(seed) % (wrong.length + 1);
  return [...wrong.slice(0, at), answer, ...wrong.slice(at)];
}
