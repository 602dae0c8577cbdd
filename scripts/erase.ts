// An erasure request from the server's shell (docs/ERASURE.md):
//   npm run erase -- --email person@example.com --dry-run   (what would go and what would stay; changes nothing)
//   npm run erase -- --email person@example.com             (carries it out)
// It reads the same configuration as the app (DATABASE_URL, or the embedded database in
// PGLITE_DIR, which admits one process at a time: stop the app first, or use the people page).
import { parseArgs } from "node:util";
import { z } from "zod";
import { email } from "../lib/validation/common";
import { systemActor } from "../lib/policy";
import type { ErasureLine, ErasureReport } from "../lib/server/erasure";
import { privateUmask } from "../lib/private-files";

// Key files and the data folder this may write are the app's OS user's only.
privateUmask();

const USAGE = "usage: npm run erase -- --email person@example.com [--dry-run] [--json]";

function print(report: ErasureReport, address: string) {
  const list = (lines: ErasureLine[]) => lines.map((l) => `  - ${l.what}: ${l.count}${l.why ? `\n      why: ${l.why}` : ""}`).join("\n");
  console.log(
    report.dryRun ? `Dry run for ${address}: nothing was changed. An erasure would:` : `Erased the personal data of ${address} (user ${report.person.id}).`,
  );
  console.log(`\n${report.dryRun ? "Delete" : "Deleted"}:\n${list(report.deleted)}`);
  console.log(`\n${report.dryRun ? "Replace" : "Replaced"}:\n${list(report.replaced)}`);
  console.log(`\nKept, and why:\n${list(report.kept)}`);
}

async function main() {
  const { values } = parseArgs({
    options: { email: { type: "string" }, "dry-run": { type: "boolean", default: false }, json: { type: "boolean", default: false } },
  });
  const parsed = z.object({ email }).safeParse({ email: values.email ?? "" });
  if (!parsed.success) {
    console.error(`${parsed.error.issues[0]?.message ?? "Enter an email address."}\n${USAGE}`);
    return 2;
  }
  const { eraseByEmail } = await import("../lib/server/erasure");
  const report = await eraseByEmail(systemActor("erasure"), { email: parsed.data.email, dryRun: values["dry-run"] === true });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else print(report, parsed.data.email);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof Error && error.name === "AppError";
    console.error(known ? (error as Error).message : error);
    process.exit(1);
  },
);
