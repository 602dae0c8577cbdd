import fs from "node:fs";
import path from "node:path";

/**
 * The product team's folder (PRODUCT.md, corpus/) beside the project, when a machine has one. The
 * tests never need it: a plain clone passes on its own, and the folder only adds checks and
 * strings. SHARED_DIR points elsewhere; a path that does not exist shows the tests stand alone.
 */
export const SHARED_DIR = path.resolve(process.env.SHARED_DIR || path.join(import.meta.dirname, "..", "..", "shared"));

/** The full path of a file in SHARED_DIR, or null when it is not there. */
export function sharedFile(relative: string): string | null {
  const full = path.join(SHARED_DIR, relative);
  return fs.existsSync(full) ? full : null;
}
