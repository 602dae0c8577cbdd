import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * What the safety tests find by reading a folder, in any layout: every source file under `dir`
 * (subfolders included, tests left out), and every exported function of those modules with the
 * first parameter its declaration names, so a test can tell a door (an actor first) from a step
 * inside one (a transaction first) by what the function is, not by what it is called.
 */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith(".d.ts"))
    .sort();
}

export type Param = { name: string; type: string; secondIsString?: boolean };
export type Exported = { key: string; file: string; name: string; fn: (...args: unknown[]) => unknown; firstParam: Param | null };

/** The declared first parameter of each exported function of a source text (`function f(actor: Actor, …)`, `const f = cache(async (actor: Actor) => …)`). */
export function firstParams(text: string): Map<string, Param | null> {
  const found = new Map<string, Param | null>();
  const declarations =
    /export\s+(?:async\s+)?function\s*\*?\s*(\w+)\s*(?:<[^(]*>)?\s*\(([^)]*)|export\s+const\s+(\w+)\s*(?::[^=]+)?=\s*(?:\w+\()?\s*(?:async\s*)?\(([^)]*)/g;
  for (const m of text.matchAll(declarations)) {
    const name = m[1] ?? m[3];
    const params = (m[2] ?? m[4] ?? "").trim();
    const first = /^(\w+)\??\s*(?::\s*([^,=]+))?/.exec(params);
    // Whether the next parameter is a plain string (an id), rather than an input object.
    const secondIsString = /^\w+\??\s*:\s*[^,{]+,\s*\w+\??\s*:\s*string\b/.test(params);
    found.set(name, first ? { name: first[1], type: (first[2] ?? "").trim(), secondIsString } : null);
  }
  return found;
}

/** Every exported function of every module under `dir`, keyed "relative/path.ts:name". */
export async function exportedFunctions(dir: string): Promise<Exported[]> {
  const out: Exported[] = [];
  for (const file of sourceFiles(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join("/");
    const params = firstParams(readFileSync(file, "utf8"));
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      out.push({ key: `${rel}:${name}`, file: rel, name, fn: value as Exported["fn"], firstParam: params.get(name) ?? null });
    }
  }
  return out;
}
