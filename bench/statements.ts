// Counts the SQL statements the meeting and series pages run for one request, on a filled
// benchmark database (bench/fill.ts), as the pages' own loaders run them for manager1 and for
// that manager's first report. bench/run.mjs runs it after the fill, before the server takes
// the database: `tsx --conditions=react-server bench/statements.ts` with DATABASE_URL or
// PGLITE_DIR (and NOTES_KEY) as the server gets them. Prints one JSON line.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb, type Db } from "../db/client";
import { countStatements } from "../db/count-statements";
import { users } from "../db/schema";
import type { Actor } from "../lib/policy";
import { loadMeetingWorkspace } from "../lib/server/meeting-page";
import { loadSeriesWorkspace } from "../lib/server/series-page";

/** The fill's ids: md5 of a label with the version (4) and variant (8) digits set (as bench/run.mjs). */
const idOf = (label: string) => {
  const h = crypto.createHash("md5").update(label).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
};

async function actor(db: Db, id: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  if (!u) throw new Error(`no user ${id} in the benchmark database`);
  return { id: u.id, orgId: u.orgId, orgRole: u.orgRole, name: u.name, email: u.email };
}

/** BENCH_LOG_SQL=1 prints each counted statement (to stderr: the last stdout line is the JSON). */
const log = process.env.BENCH_LOG_SQL ? (n: number, text: string) => console.error(n, text.replace(/\s+/g, " ").slice(0, 150)) : undefined;

async function main() {
  const db = await getDb();
  const seriesId = idOf("s1");
  const meetingId = idOf("mt1-0");
  const people = { manager: await actor(db, idOf("m1")), report: await actor(db, idOf("r1")) };
  const counts: Record<string, Record<string, number>> = { meeting: {}, series: {} };
  // The fill gives a series no terms yet: the first page that shows them writes the default version
  // (two statements, once per series). Each page is loaded once first, so what is counted is what
  // every later request runs.
  for (const who of Object.values(people)) {
    await loadMeetingWorkspace(who, meetingId);
    await loadSeriesWorkspace(who, seriesId);
  }
  for (const [role, who] of Object.entries(people)) {
    counts.meeting[role] = await countStatements(db, () => loadMeetingWorkspace(who, meetingId), log);
    counts.series[role] = await countStatements(db, () => loadSeriesWorkspace(who, seriesId), log);
  }
  console.log(JSON.stringify(counts));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
