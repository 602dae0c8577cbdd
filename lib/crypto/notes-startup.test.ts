import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openDb } from "@/db/client";
import { resetEnvForTests } from "@/lib/env";
import { register } from "@/instrumentation";
import { newKeyText } from "./notes-key";

describe("starting the server with the wrong notes key", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bu-notes-start-"));
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    resetEnvForTests();
    (globalThis as { __betweenUsDb?: unknown }).__betweenUsDb = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stops at start with a message naming the key, instead of serving", async () => {
    const pgliteDir = path.join(dir, "pglite");
    // A data folder whose notes are locked with one key...
    const first = await openDb({ pgliteDir, notesKey: newKeyText() });
    await first.close();
    // ...started with another.
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("PGLITE_DIR", pgliteDir);
    // The embedded folder, even where the run has a PostgreSQL server configured (CI): empty counts as unset.
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
    await expect(register()).rejects.toThrow("exit 1");
    expect(errors.join("\n")).toMatch(/Private notes are locked: NOTES_KEY holds key \w{16}, but this database's private notes are locked with key \w{16}/);
  }, 180_000);
});
