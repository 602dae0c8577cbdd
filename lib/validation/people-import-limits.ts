// The people import's limits, zod-free and parser-free so that the page's form can state them
// and check a chosen file's size before sending it.

/**
 * The limits are stated on the page before anyone picks a file. Larger files are refused whole,
 * with this message, before a row is looked at: an import is one transaction, and a preview of
 * more rows than this is not one that a person can read before confirming it. The size stays
 * well under Next.js's 1 MB body limit for server actions, which confirming must pass too (the
 * text is sent again), so that a file too large is answered by this message, not by Next.js.
 */
export const IMPORT_MAX_ROWS = 5_000;
export const IMPORT_MAX_BYTES = 512 * 1024;
export const IMPORT_LIMITS_TEXT = `up to ${IMPORT_MAX_ROWS.toLocaleString("en")} people and ${IMPORT_MAX_BYTES / 1024} KB per file`;

/** Byte length of the text as UTF-8, the unit of the file limit. */
export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

export function tooLargeMessage(bytes: number): string {
  return `This file is ${Math.ceil(bytes / 1024).toLocaleString("en")} KB; an import takes ${IMPORT_LIMITS_TEXT}. Split the file and import each part.`;
}

/**
 * The largest body Next.js reads for a server action (its `serverActions.bodySizeLimit`, left at
 * the default in next.config.ts). A larger one would make Next.js throw before any action runs
 * (a 500); proxy.ts answers it first (lib/request-size.ts).
 */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
