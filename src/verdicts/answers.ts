/** Comparing a reader's predicted output with the real one: layout noise at line ends doesn't count. */
export function normaliseAnswer(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\n+$/g, '');
}

export function isRightAnswer(given: string, real: string): boolean {
  return normaliseAnswer(given) === normaliseAnswer(real);
}
