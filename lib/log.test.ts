import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { filterErrorsInLogs, logFailure } from "./log";

const MARKER = `secret-${crypto.randomUUID()}`;

/** An error as a failed query throws it: the message and the cause quote the parameters. */
function queryError() {
  const cause = Object.assign(new Error(`invalid input syntax for type integer: "${MARKER}"`), { code: "22P02" });
  return Object.assign(new Error(`Failed query: select $1::int\nparams: ${MARKER}`, { cause }), { name: "DrizzleQueryError", params: [MARKER] });
}

describe("server logs", () => {
  const printed: string[] = [];
  beforeAll(() => {
    for (const method of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
    }
    filterErrorsInLogs();
  });
  afterAll(() => vi.restoreAllMocks());

  it("log a failure with its kind, SQLSTATE and ids, never the error's message or cause text", () => {
    logFailure("server action failed", queryError(), { meetingId: "m-1" });
    const line = printed.at(-1)!;
    expect(line).toContain("server action failed");
    expect(line).toContain("DrizzleQueryError");
    expect(line).toContain("22P02");
    expect(line).toContain("m-1");
    expect(line).not.toContain(MARKER);
  });

  it("strip the message from an Error that a library logs itself", () => {
    console.error("Caught error during storeDocumentHooks", queryError());
    console.warn(queryError());
    for (const line of printed) expect(line).not.toContain(MARKER);
    expect(printed.at(-1)).toContain("DrizzleQueryError");
  });
});
