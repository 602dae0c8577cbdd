// Issue 25, item 5: the embedded database folder was open to every local user (PGlite writes its
// files 0666, its folders followed the umask: 0755), so anyone on the machine read the WAL, with
// topic text and live invitation links in it. Now the folder and the key files are the app's OS
// user's only, and a folder or key file others can use stops the start with the chmod that fixes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openDb } from "@/db/client";
import { register } from "@/instrumentation";
import { newKeyText, readKeyFile } from "@/lib/crypto/notes-key";
import { resetEnvForTests } from "@/lib/env";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bu-private-"));
const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** Every folder and file under `dir` with its mode, for a readable failure. */
function modes(dir: string): { dirs: Set<number>; files: Set<number> } {
  const out = { dirs: new Set([mode(dir)]), files: new Set<number>() };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) out.dirs.add(mode(full));
    else if (entry.isFile()) out.files.add(mode(full));
  }
  return out;
}

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  resetEnvForTests();
  (globalThis as { __betweenUsDb?: unknown }).__betweenUsDb = undefined;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the embedded database folder and the key files", () => {
  it("a fresh data folder ends 0700 with every file 0600, and the notes key file beside it 0600 in a 0700 folder", async () => {
    const data = path.join(tmp, "fresh", ".data");
    const pgliteDir = path.join(data, "pglite");
    const handle = await openDb({ pgliteDir, notesKey: undefined, notesKeyFile: path.join(data, "notes-key") });
    await handle.close();
    const { dirs, files } = modes(pgliteDir);
    expect([...dirs]).toEqual([0o700]);
    expect([...files]).toEqual([0o600]);
    expect(mode(data)).toBe(0o700);
    expect(mode(path.join(data, "notes-key"))).toBe(0o600);
  }, 180_000);

  it("a data folder made 0755 holding a 0644 file is refused, with the chmod that fixes it, and nothing is opened in it", async () => {
    const pgliteDir = path.join(tmp, "open", "pglite");
    fs.mkdirSync(pgliteDir, { recursive: true });
    fs.chmodSync(pgliteDir, 0o755);
    fs.writeFileSync(path.join(pgliteDir, "pg_wal-segment"), "topic text", { mode: 0o644 });
    fs.chmodSync(path.join(pgliteDir, "pg_wal-segment"), 0o644);
    await expect(openDb({ pgliteDir, notesKey: newKeyText() })).rejects.toThrow(
      `The embedded database folder ${pgliteDir} can be read or written by other users of this machine (${pgliteDir} has mode 0755). Make it the app's user's only, then try again: chmod -R go-rwx ${pgliteDir}`,
    );
    expect(fs.readdirSync(pgliteDir)).toEqual(["pg_wal-segment"]);
    expect(mode(pgliteDir)).toBe(0o755);
  });

  it("a folder inside the data folder that others can enter is refused too", async () => {
    const pgliteDir = path.join(tmp, "inner", "pglite");
    fs.mkdirSync(path.join(pgliteDir, "pg_wal"), { recursive: true, mode: 0o700 });
    fs.chmodSync(pgliteDir, 0o700);
    fs.chmodSync(path.join(pgliteDir, "pg_wal"), 0o705);
    await expect(openDb({ pgliteDir, notesKey: newKeyText() })).rejects.toThrow(`(${path.join(pgliteDir, "pg_wal")} has mode 0705)`);
  });

  it("a notes key file that others can read is refused, with the chmod that fixes it", () => {
    const file = path.join(tmp, "notes-key");
    fs.writeFileSync(file, `${newKeyText()}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(() => readKeyFile(file)).toThrow(
      `The notes key file ${file} can be read or written by other users of this machine (mode 0644). Make it the app's user's only, then try again: chmod 600 ${file}`,
    );
    fs.chmodSync(file, 0o600);
    expect(readKeyFile(file)).toHaveLength(32);
  });

  it("the server stops at start on a data folder others can read, printing the chmod, instead of serving", async () => {
    const pgliteDir = path.join(tmp, "server", "pglite");
    fs.mkdirSync(pgliteDir, { recursive: true });
    fs.chmodSync(pgliteDir, 0o755);
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("PGLITE_DIR", pgliteDir);
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("NOTES_KEY", newKeyText());
    vi.stubEnv("DEMO_DATA", "off");
    vi.stubEnv("MAIL_WORKER", "off");
    vi.stubEnv("COLLAB_SERVER", "off");
    resetEnvForTests();
    (globalThis as { __betweenUsDb?: unknown }).__betweenUsDb = undefined;
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
    vi.spyOn(process, "exit").mockImplementation((code?: string | number | null) => {
      throw new Error(`exit ${code}`);
    });
    const umask = process.umask();
    try {
      await expect(register()).rejects.toThrow("exit 1");
      // The start set the umask first: whatever it creates from then on is the owner's only.
      expect(process.umask()).toBe(0o077);
    } finally {
      process.umask(umask);
    }
    expect(errors.join("\n")).toContain(`chmod -R go-rwx ${pgliteDir}`);
    expect(fs.readdirSync(pgliteDir)).toEqual([]);
  });
});
