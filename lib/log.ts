// Server logs are a channel that leaves the app: an operator reads them, a log service stores
// them. An error's message may quote what a person wrote (a database error quotes the query's
// parameters, a schema error quotes the node it refused), so a log line carries the error's
// kind, its SQLSTATE code and where it was thrown, never its message or cause text.

type Described = { name: string; code?: string; at: string[] };

function describe(error: unknown, depth = 0): Described & { cause?: Described } {
  if (!(error instanceof Error)) return { name: typeof error, at: [] };
  const code = (error as { code?: unknown }).code;
  const at = (error.stack ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("at "))
    .slice(0, 8);
  const out: Described & { cause?: Described } = { name: error.name, ...(typeof code === "string" && /^[\w.-]{1,40}$/.test(code) ? { code } : {}), at };
  if (error.cause !== undefined && depth < 2) out.cause = describe(error.cause, depth + 1);
  return out;
}

/** Logs that something failed: what, the ids that say where (never text), and the error's kind. */
export function logFailure(what: string, error: unknown, ids: Record<string, string | number | undefined> = {}): void {
  console.error(what, { ...ids, error: describe(error) });
}
