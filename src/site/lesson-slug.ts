/** A lesson's id in URLs and saved progress: its folder name without the number, e.g. "03-reference-counting" → "reference-counting". */
export function lessonSlugOf(folder: string): string {
  return folder.replace(/\/index\.mdx$/, '').replace(/^\d+-/, '');
}
