// Rule kept here: a path in an export archive is built from our own safe segments, never from a
// name or title as typed. Every segment is letters, digits, spaces, "-" and "_" only (no dot
// segments, no separators, no drive letters, no control characters), and zipFiles refuses any
// path that is not, so a hostile title cannot write outside the archive's folder when unpacked.
import { strToU8, zipSync } from "fflate";

const SAFE_SEGMENT = /^[\p{L}\p{N}_-][\p{L}\p{N} _-]*(\.(md|json|ics))?$/u;

/** A name or title as one safe path segment: unsafe characters become "-", at most `max` characters. */
export function safeSegment(text: string, max = 40): string {
  const cleaned = text
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N} _-]+/gu, "-")
    .replace(/[\s-]*-[\s-]*/g, "-")
    .replace(/\s+/g, " ");
  // By code points: cutting between the halves of a surrogate pair would leave half a character.
  const cut = Array.from(cleaned)
    .slice(0, max)
    .join("")
    .replace(/^[\s_-]+|[\s_-]+$/g, "");
  return cut || "untitled";
}

export type ArchiveFile = { path: string; text: string };

/** Whether every segment of a path is one that safeSegment (or a fixed file name) could have made. */
export function isSafePath(path: string): boolean {
  const segments = path.split("/");
  return segments.length > 0 && segments.length <= 6 && path.length <= 255 && segments.every((s) => SAFE_SEGMENT.test(s));
}

/** The files as a zip (deflate), refusing any unsafe or repeated path. */
export function zipFiles(files: ArchiveFile[], modified: Date = new Date()): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const file of files) {
    if (!isSafePath(file.path)) throw new Error("An export file has an unsafe path.");
    if (entries[file.path]) throw new Error("Two export files have the same path.");
    entries[file.path] = [strToU8(file.text), { mtime: modified }];
  }
  return zipSync(entries, { level: 6 });
}
