import fs from "node:fs";
import path from "node:path";

/** The names of lib/server's reads: what a page, a route or an export calls to load something. */
export const READ_NAME = /^(get|list|load|find|export|search|count|read|show)|Choices$|Candidates$/;

export type ReadFunction = { name: string; fn: (...args: unknown[]) => unknown };

/** Every .ts file under `dir`, in any subfolder, tests left out, sorted. */
function sourcesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Every exported read function of lib/server, found from the folder (so a new one is covered
 * without anyone remembering it), named "file:function".
 */
export async function discoverReadFunctions(dir = path.resolve(import.meta.dirname, "../lib/server")): Promise<ReadFunction[]> {
  const found: ReadFunction[] = [];
  for (const file of sourcesUnder(dir)) {
    const mod = (await import(file)) as Record<string, unknown>;
    const label = path.relative(dir, file).split(path.sep).join("/");
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function" && READ_NAME.test(name)) found.push({ name: `${label}:${name}`, fn: value as (...args: unknown[]) => unknown });
    }
  }
  return found;
}
