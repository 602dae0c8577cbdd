// Zod-free, so that the editor's document check (also bundled for the browser) can use it.

/**
 * Text PostgreSQL stores and gives back unchanged: no NUL character (text and jsonb columns
 * refuse it, which would be a 500) and no lone UTF-16 surrogate (it would come back as U+FFFD,
 * and jsonb refuses its escape).
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

export const UNSTORABLE_TEXT_MESSAGE = "This text holds a character that cannot be stored (a NUL character or half of an emoji). Remove it and try again.";

/** text.slice(start, end), moved inward where it would cut a surrogate pair (an emoji) in half. */
export function sliceWhole(text: string, start: number, end = text.length): string {
  const splitsPair = (i: number) => i > 0 && i < text.length && /[\udc00-\udfff]/.test(text[i]) && /[\ud800-\udbff]/.test(text[i - 1]);
  return text.slice(splitsPair(start) ? start + 1 : start, splitsPair(end) ? end - 1 : end);
}
