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

const ALREADY_LOGGED = Symbol.for("between-us.already-logged");

/**
 * One line for something refused on purpose (a refused update, a connection closed because
 * access ended): what, never content. Returns `error` marked so that the filter below drops a
 * library's own report of it (Hocuspocus prints every error a hook throws, stack and all).
 */
export function logRefusal<E extends Error>(line: string, error: E): E {
  console.warn(line);
  Object.defineProperty(error, ALREADY_LOGGED, { value: true });
  return error;
}

/**
 * Whatever else logs an Error object in this process (Next.js for a page that threw, Hocuspocus,
 * pg-boss) gets the same treatment: the Error is replaced by its kind before it is printed.
 * Strings that libraries format themselves are beyond this filter.
 */
export function filterErrorsInLogs(): void {
  const held = globalThis as { __betweenUsLogFilter?: boolean };
  if (held.__betweenUsLogFilter) return;
  held.__betweenUsLogFilter = true;
  for (const method of ["error", "warn", "log", "info"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (args.some((arg) => arg instanceof Error && ALREADY_LOGGED in arg)) return;
      original(...args.map((arg) => (arg instanceof Error ? describe(arg) : arg)));
    };
  }
}
