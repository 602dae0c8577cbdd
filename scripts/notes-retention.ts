// The retention sweep of leavers' private notes, by hand (the mail worker runs it every six hours):
//   npm run notes:retention -- --dry-run   (who is due and how many notes; changes nothing)
//   npm run notes:retention                (deletes them)
// Same configuration as the app; the embedded database admits one process at a time.
import { parseArgs } from "node:util";
import { systemActor } from "../lib/policy";
import { privateUmask } from "../lib/private-files";

// Key files and the data folder this may write are the app's OS user's only.
privateUmask();

async function main() {
  const { values } = parseArgs({ options: { "dry-run": { type: "boolean", default: false } } });
  const { sweepNoteRetention } = await import("../lib/server/leavers");
  const sweep = await sweepNoteRetention(systemActor("retention"), { dryRun: values["dry-run"] === true });
  const verb = sweep.dryRun ? "would delete" : "deleted";
  if (!sweep.people.length) console.log(`Nothing is due: no deactivated person's notes are past their organization's retention period.`);
  for (const p of sweep.people) {
    console.log(`user ${p.id} (org ${p.orgId}): ${verb} ${p.notes} private notes and ${p.documents} note documents (due since ${p.deletesAt.toISOString()})`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
