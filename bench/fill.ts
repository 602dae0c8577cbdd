// Fills a fresh database with the benchmark's data set, in SQL (INSERT ... SELECT over
// generate_series), on PGlite or PostgreSQL. Scale 1 is the full set: 500 managers, 4,000
// reports (8 each), five years of weekly meetings per pair (about one million meetings) with
// topics, action items, agendas, private notes and goals. A smaller scale shrinks both the
// organization and the history by its square root, so 0.01 has a tenth of the people and a
// tenth of the history (1 % of the meetings).
//
//   npx tsx bench/fill.ts --scale 1 --pglite /tmp/bench-full     (or DATABASE_URL=...)
//
// Every id is derived from its position (md5 of a label, as a version-4 uuid), so rows refer to each
// other without lookups. The benchmark signs in as manager1@bench.test.
import { sql } from "drizzle-orm";
import { hashPassword } from "../lib/auth/password";
import { openDb } from "../db/client";
import { sealPlaintextNotes } from "../lib/crypto/notes-migrate";
import { DEMO_PASSWORD } from "../db/demo";

export type FillOptions = { scale: number; url?: string; pgliteDir?: string; log?: (line: string) => void };
export type FillShape = { managers: number; reportsPerManager: number; reports: number; pastWeeks: number; meetings: number };
export type FillResult = FillShape & { seconds: number; rows: Record<string, number> };

export const BENCH_PASSWORD = DEMO_PASSWORD;
export const BENCH_MANAGER_EMAIL = "manager1@bench.test";

export function shapeFor(scale: number): FillShape {
  const f = Math.sqrt(scale);
  const managers = Math.max(1, Math.round(500 * f));
  const reportsPerManager = 8;
  const reports = managers * reportsPerManager;
  const pastWeeks = Math.max(2, Math.round(260 * f));
  return { managers, reportsPerManager, reports, pastWeeks, meetings: reports * (pastWeeks + 1) };
}

/** Deterministic uuid from a label: md5(label) with the version (4) and variant (8) digits set, so validators accept it. */
const id = (label: string) => `pg_temp.bench_id(${label})`;

export async function fill(options: FillOptions): Promise<FillResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const shape = shapeFor(options.scale);
  const started = Date.now();
  // One connection: the session settings and the temporary function below belong to it.
  const handle = await openDb({ url: options.url, pgliteDir: options.pgliteDir, demoData: false, poolSize: 1 });
  const db = handle.db;
  const run = async (label: string, text: string) => {
    const t = Date.now();
    await db.execute(sql.raw(text));
    log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)}s`);
  };
  const existing = await db.execute(sql`select 1 from organizations limit 1`);
  if (rowsOf(existing).length) throw new Error("The database is not empty: the benchmark fills a fresh one.");

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const { managers, reportsPerManager: per, reports, pastWeeks: weeks } = shape;
  log(`filling: ${managers} managers, ${reports} reports, ${weeks} past weeks, ${shape.meetings} meetings`);

  // Bulk load: no per-row foreign-key triggers, secondary indexes built once at the end.
  await run("session", "set session_replication_role = replica");
  await db.execute(
    sql.raw(
      `create function pg_temp.bench_id(label text) returns uuid language sql immutable as
       $$ select (substr(md5(label), 1, 12) || '4' || substr(md5(label), 14, 3) || '8' || substr(md5(label), 18, 15))::uuid $$`,
    ),
  );
  const tables = [
    "users",
    "reporting_lines",
    "series",
    "meetings",
    "agenda_documents",
    "topics",
    "action_items",
    "private_notes",
    "goals",
    "goal_check_ins",
    "goal_reviews",
  ];
  const indexRows = rowsOf(
    await db.execute(
      sql.raw(
        `select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'public' and i.tablename in (${tables.map((t) => `'${t}'`).join(",")})
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      ),
    ),
  ) as { indexname: string; indexdef: string }[];
  for (const ix of indexRows) await db.execute(sql.raw(`drop index "${ix.indexname}"`));
  log(`  dropped ${indexRows.length} secondary indexes for the load`);

  const hashLiteral = passwordHash.replaceAll("'", "''");
  await run("organization", `insert into organizations (id, name, is_demo) values (${id("'org'")}, 'Bench Org', false)`);
  await run(
    "users",
    `insert into users (id, org_id, email, name, password_hash)
     select ${id("'m' || i")}, ${id("'org'")}, 'manager' || i || '@bench.test', 'Manager ' || i, '${hashLiteral}' from generate_series(1, ${managers}) i
     union all
     select ${id("'r' || j")}, ${id("'org'")}, 'report' || j || '@bench.test', 'Report ' || j, '${hashLiteral}' from generate_series(1, ${reports}) j`,
  );
  await run(
    "reporting lines",
    `insert into reporting_lines (id, org_id, manager_id, report_id, active_from)
     select ${id("'l' || j")}, ${id("'org'")}, ${id("'m' || ((j - 1) / " + per + " + 1)")}, ${id("'r' || j")}, current_date - ${weeks * 7 + 30}
     from generate_series(1, ${reports}) j`,
  );
  // The next meeting of pair j: 1 to 6 days ahead at a whole hour; past meeting k is k weeks earlier.
  const next = `(date_trunc('hour', now()) + ((1 + j % 6) * interval '1 day') + ((j % 8) * interval '1 hour'))`;
  await run(
    "series",
    `insert into series (id, reporting_line_id, cadence, weekday, start_minutes, duration_minutes, time_zone, format, anchor_at, created_by, created_at)
     select ${id("'s' || j")}, ${id("'l' || j")}, 'weekly', extract(isodow from ${next} at time zone 'UTC')::int,
            (extract(hour from ${next} at time zone 'UTC') * 60)::int, 30, 'UTC', 'structured',
            ${next} - ${weeks} * interval '7 days', ${id("'m' || ((j - 1) / " + per + " + 1)")}, ${next} - ${weeks} * interval '7 days'
     from generate_series(1, ${reports}) j`,
  );

  // Meetings, agendas, topics, action items and notes, a slice of pairs at a time.
  const chunk = Math.max(1, Math.floor(200_000 / (weeks + 1)));
  const words = `(array['roadmap','hiring','feedback','promotion','onboarding','budget','release','migration','mentoring','workload'])`;
  for (let from = 1; from <= reports; from += chunk) {
    const to = Math.min(reports, from + chunk - 1);
    const t = Date.now();
    const pairs = `generate_series(${from}, ${to}) j cross join generate_series(0, ${weeks}) k`;
    const mid = id("'mt' || j || '-' || k");
    const at = `(${next} - k * interval '7 days')`;
    await db.execute(
      sql.raw(
        `insert into meetings (id, series_id, scheduled_at, duration_minutes, status, occurrence_at, started_at, completed_at, completed_by, created_at)
         select ${mid}, ${id("'s' || j")}, ${at}, 30, case when k = 0 then 'scheduled' else 'completed' end::meeting_status, ${at},
                case when k = 0 then null else ${at} end, case when k = 0 then null else ${at} + interval '30 minutes' end,
                case when k = 0 then null else ${id("'m' || ((j - 1) / " + per + " + 1)")} end, ${at} - interval '7 days'
         from ${pairs}`,
      ),
    );
    const text = `'Week ' || k || ': ' || ${words}[1 + (j + k) % 10] || ' and ' || ${words}[1 + (j * 3 + k * 7) % 10] || ' for pair ' || j`;
    await db.execute(
      sql.raw(
        `insert into agenda_documents (meeting_id, content, search_text, updated_by, updated_at)
         select ${mid}, jsonb_build_object('type', 'doc', 'content', jsonb_build_array(
                  jsonb_build_object('type', 'heading', 'attrs', jsonb_build_object('level', 2), 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'Agenda'))),
                  jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', ${text}))))),
                'Agenda ' || ${text}, ${id("'m' || ((j - 1) / " + per + " + 1)")}, ${at}
         from ${pairs}`,
      ),
    );
    // Two topics per meeting: one from each person; completed meetings' topics are discussed.
    await db.execute(
      sql.raw(
        `insert into topics (id, meeting_id, series_id, author_id, text, kind, category, status, position, created_at, updated_at, discussed_at)
         select ${id("'tp' || j || '-' || k || '-' || p")}, ${mid}, ${id("'s' || j")},
                case when p = 0 then ${id("'r' || j")} else ${id("'m' || ((j - 1) / " + per + " + 1)")} end,
                'Talk about ' || ${words}[1 + (j + k + p) % 10] || ' (' || k || ')',
                case when (j + k + p) % 3 = 0 then 'tactical' else 'strategic' end::topic_kind,
                (array['partner_teams','productivity','career_growth','work_life_balance','wellbeing','other'])[1 + (j + k + p) % 6]::topic_category,
                case when k = 0 then 'open' else 'discussed' end::topic_status, p, ${at} - interval '3 days', ${at} - interval '3 days',
                case when k = 0 then null else ${at} end
         from ${pairs} cross join generate_series(0, 1) p`,
      ),
    );
    await db.execute(
      sql.raw(
        `insert into action_items (id, meeting_id, series_id, text, owner, due_date, done, done_at, created_by, created_at)
         select ${id("'ai' || j || '-' || k")}, ${mid}, ${id("'s' || j")}, 'Follow up on ' || ${words}[1 + (j * 7 + k) % 10],
                case when k % 2 = 0 then 'report' else 'manager' end::pair_role, (${at} + interval '7 days')::date, k > 1,
                case when k > 1 then ${at} + interval '6 days' end, ${id("'m' || ((j - 1) / " + per + " + 1)")}, ${at}
         from ${pairs}`,
      ),
    );
    // The manager's private note on every other meeting.
    await db.execute(
      sql.raw(
        `insert into private_notes (id, meeting_id, author_id, content, search_text, created_at, updated_at)
         select ${id("'pn' || j || '-' || k")}, ${mid}, ${id("'m' || ((j - 1) / " + per + " + 1)")},
                jsonb_build_object('type', 'doc', 'content', jsonb_build_array(jsonb_build_object('type', 'paragraph', 'content',
                  jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'Private: ' || ${words}[1 + (j + 2 * k) % 10]))))),
                'Private: ' || ${words}[1 + (j + 2 * k) % 10], ${at}, ${at}
         from ${pairs} where k % 2 = 1`,
      ),
    );
    log(`  pairs ${from}-${to} of ${reports}: ${((Date.now() - t) / 1000).toFixed(1)}s`);
  }

  // Three goals per pair, six check-ins each, one review per goal.
  const goal = id("'g' || j || '-' || g");
  await run(
    "goals",
    `insert into goals (id, reporting_line_id, title, specific, measure_kind, metric, baseline, target, unit, achievable, relevant, due_date, status, created_by)
     select ${goal}, ${id("'l' || j")}, 'Goal ' || g || ' of pair ' || j, 'Ship the ' || g || ' milestone', 'numeric', 'milestones', 0, 10, 'milestones',
            'Within the current scope', 'It matters to the team', current_date + (30 * g), 'on_track', ${id("'r' || j")}
     from generate_series(1, ${reports}) j cross join generate_series(1, 3) g`,
  );
  await run(
    "goal check-ins",
    `insert into goal_check_ins (id, goal_id, author_id, checked_on, value, percent, note)
     select ${id("'gc' || j || '-' || g || '-' || c")}, ${goal}, ${id("'r' || j")}, current_date - (c * 14), c, c * 10, 'Check-in ' || c
     from generate_series(1, ${reports}) j cross join generate_series(1, 3) g cross join generate_series(1, 6) c`,
  );
  await run(
    "goal reviews",
    `insert into goal_reviews (id, goal_id, meeting_id, user_id, reviewed_at)
     select ${id("'gr' || j || '-' || g")}, ${goal}, ${id("'mt' || j || '-1'")}, ${id("'m' || ((j - 1) / " + per + " + 1)")}, now() - interval '7 days'
     from generate_series(1, ${reports}) j cross join generate_series(1, 3) g`,
  );

  const t = Date.now();
  for (const ix of indexRows) await db.execute(sql.raw(ix.indexdef));
  log(`  rebuilt ${indexRows.length} indexes: ${((Date.now() - t) / 1000).toFixed(1)}s`);
  await run("session", "set session_replication_role = origin");
  await run("analyze", "analyze");

  // Private notes are stored encrypted: seal the filled ones now, with the key the server will
  // find beside the data folder (or NOTES_KEY), rather than at the server's start.
  const t2 = Date.now();
  const sealedNotes = await sealPlaintextNotes(db, handle.notes);
  log(`  sealed ${sealedNotes} private notes: ${((Date.now() - t2) / 1000).toFixed(1)}s`);

  const rows: Record<string, number> = {};
  for (const table of ["meetings", "agenda_documents", "topics", "action_items", "private_notes", "goals", "goal_check_ins"]) {
    const [r] = rowsOf(await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as { n: number }[];
    rows[table] = Number(r.n);
  }
  await handle.close();
  const seconds = (Date.now() - started) / 1000;
  log(`filled in ${seconds.toFixed(0)}s: ${JSON.stringify(rows)}`);
  return { ...shape, seconds, rows };
}

/** postgres.js returns the rows array itself, PGlite an object with `rows`. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}

const invokedDirectly = process.argv[1]?.endsWith("fill.ts");
if (invokedDirectly) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const scale = Number(arg("scale") ?? process.env.BENCH_SCALE ?? 1);
  fill({ scale, url: process.env.DATABASE_URL || undefined, pgliteDir: process.env.DATABASE_URL ? undefined : (arg("pglite") ?? "/tmp/bench-pglite") }).then(
    (result) => {
      // bench/run.mjs reads the last line.
      if (process.argv.includes("--json")) console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
