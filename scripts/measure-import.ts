// How long a 5,000-row people import holds the event loop (issue 25): each step's time and the
// longest delay a 5 ms timer meets meanwhile (what another request waits). A measurement, not a
// test: it is outside the suite's test files. To run it on the embedded PGlite:
//   cp scripts/measure-import.ts lib/server/measure-import.test.ts
//   TEST_DB=pglite npx vitest run lib/server/measure-import.test.ts; rm lib/server/measure-import.test.ts
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { describe, it } from "vitest";
import { parsePeopleCsv } from "@/lib/validation/people-import";
import { actorOf, useTestDatabase } from "@/test/db";
import { confirmImport, planImport, previewImport } from "@/lib/server/people-import";

const N = 5_000;
const text = [
  "email,name,manager_email,role",
  ...Array.from({ length: N }, (_, i) => `person${i}@bulk.test,Person Number ${i},${i < 50 ? "" : `person${i % 50}@bulk.test`},member`),
].join("\n");

async function timed<T>(what: string, step: () => Promise<T> | T): Promise<T> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  // A 5 ms timer that notes how late each tick came (the stall an HTTP request would meet).
  let worst = 0;
  let due = performance.now() + 5;
  const timer = setInterval(() => {
    worst = Math.max(worst, performance.now() - due);
    due = performance.now() + 5;
  }, 5);
  h.enable();
  const started = performance.now();
  const out = await step();
  const took = performance.now() - started;
  await new Promise((r) => setTimeout(r, 20));
  h.disable();
  clearInterval(timer);
  console.log(
    `MEASURE ${what}: ${took.toFixed(0)} ms total; event-loop delay max ${(h.max / 1e6).toFixed(0)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(0)} ms; longest late timer ${worst.toFixed(0)} ms`,
  );
  return out;
}

describe("the people import's hold on the event loop", { timeout: 600_000 }, () => {
  const t = useTestDatabase();
  it("is measured for a 5,000-row file, step by step", async () => {
    const admin = await actorOf(t.db, "admin@demo.test");
    const parsed = await timed("parse", () => parsePeopleCsv(text));
    if (!parsed.ok) throw new Error(parsed.error);
    await timed("plan (pure)", () => planImport(parsed.rows, { people: new Map(), elsewhere: new Set(), lines: new Map(), emailOf: new Map() }));
    const screen = await timed("preview", () => previewImport(admin, { csv: text }));
    if (!screen.ok) throw new Error(screen.error);
    await timed("confirm", () => confirmImport(admin, { text: screen.text, planHash: screen.planHash }, "https://x.test"));
  });
});
