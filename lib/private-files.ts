// Rule kept here: what holds the app's data or keys (the embedded database folder, backups, key
// files) is its OS user's alone: folders 0700, files 0600, and nothing starts on, writes into or
// reads a key from one that other users of the machine can read or write.
//
// Not "server-only": db/client.ts and the scripts run under plain Node too.
import fs from "node:fs";
import path from "node:path";

/** Stops the start or the command: a folder or file is open to other users. Says how to fix it. */
export class PrivateFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrivateFilesError";
  }
}

const OPEN = 0o077;

/** Every file and folder this process creates from here on is its owner's only (0700 / 0600). */
export function privateUmask(): void {
  try {
    process.umask(OPEN);
  } catch {
    // A worker thread may not change the umask: the explicit modes and chmods below still hold.
  }
}

const modeOf = (stat: fs.Stats) => `0${(stat.mode & 0o777).toString(8)}`;
const shellQuote = (p: string) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replaceAll("'", `'\\''`)}'`);

/**
 * Creates `dir` (and missing parents) as 0700, or checks an existing one: refused when it or a
 * folder inside it (`recursive`) lets other users in, with the chmod that fixes it.
 */
export function ensurePrivateDir(dir: string, what: string, options: { recursive?: boolean } = {}): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    return;
  }
  const open = openEntry(dir, options.recursive ?? false);
  if (open) {
    throw new PrivateFilesError(
      `${what} ${dir} can be read or written by other users of this machine (${open.path} has mode ${modeOf(open.stat)}). ` +
        `Make it the app's user's only, then try again: chmod -R go-rwx ${shellQuote(dir)}`,
    );
  }
}

/** The first folder (the top one, or any below it when `recursive`) or file directly in it that others may use. */
function openEntry(dir: string, recursive: boolean): { path: string; stat: fs.Stats } | null {
  const stat = fs.lstatSync(dir);
  if (stat.mode & OPEN) return { path: dir, stat };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) {
        const found = openEntry(full, true);
        if (found) return found;
      }
    } else if (!entry.isSymbolicLink() && !recursive) {
      const file = fs.lstatSync(full);
      if (file.mode & OPEN) return { path: full, stat: file };
    }
  }
  return null;
}

/** Sets every folder under `dir` to 0700 and every file to 0600 (PGlite writes its files 0666 whatever the umask). */
export function tightenTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) tightenTree(full);
    else if (fs.lstatSync(full).mode & OPEN) fs.chmodSync(full, 0o600);
  }
  if (fs.lstatSync(dir).mode & OPEN) fs.chmodSync(dir, 0o700);
}

/** Refuses a key file that other users can read or write, saying how to fix it. */
export function assertPrivateFile(file: string, what: string): void {
  const stat = fs.statSync(file);
  if (stat.mode & OPEN) {
    throw new PrivateFilesError(
      `${what} ${file} can be read or written by other users of this machine (mode ${modeOf(stat)}). ` +
        `Make it the app's user's only, then try again: chmod 600 ${shellQuote(file)}`,
    );
  }
}
