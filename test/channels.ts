// Everything one person can reach, as text: every read of lib/server (the page loaders, exports,
// inbox, outbox, people pages), the routes (JSON export, zip, a meeting's Markdown, calendar
// feeds), the collaboration socket (every agenda and own note a token opens) and the mail
// addressed to them. Import test/actions-harness.ts before this file: routes and actions run
// through their real front doors with the harness's session.
import { or, eq, sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { getDb } from "@/db/client";
import { outbox } from "@/db/schema";
import { agendaDocumentName, noteDocumentName } from "@/lib/collab/names";
import type { Actor } from "@/lib/policy";
import { allText, connect } from "@/test/collab";
import { form, signInAs } from "@/test/actions-harness";
import { discoverReadFunctions, type ReadFunction } from "@/test/read-functions";

export type Reading = { channel: string; text: string };
export type Place = { key: string; seriesId: string; meetingId: string; goalId: string; templateId: string };

type Fn = (...args: unknown[]) => Promise<unknown>;
const doors = {
  exportJson: async () => ((await import("@/app/api/export/route")) as unknown as { GET: Fn }).GET,
  exportZip: async () => ((await import("@/app/api/export/archive/route")) as unknown as { GET: Fn }).GET,
  markdown: async () => ((await import("@/app/(app)/series/[seriesId]/meetings/[meetingId]/markdown/route")) as unknown as { GET: Fn }).GET,
  calendar: async () => ((await import("@/app/api/calendar/[token]/route")) as unknown as { GET: Fn }).GET,
  feedAction: async () => ((await import("@/app/(app)/series/[seriesId]/calendar-actions")) as unknown as { calendarFeedAction: Fn }).calendarFeedAction,
  agendaToken: async () =>
    ((await import("@/app/(app)/series/[seriesId]/meetings/[meetingId]/agenda-actions")) as unknown as { agendaTokenAction: Fn }).agendaTokenAction,
  noteToken: async () =>
    ((await import("@/app/(app)/series/[seriesId]/meetings/[meetingId]/notes-actions")) as unknown as { noteTokenAction: Fn }).noteTokenAction,
};

const text = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value ?? null) ?? ""));
const settle = (run: () => unknown) =>
  Promise.resolve()
    .then(run)
    .then(text, (error: unknown) => `${String(error)} ${text((error as { details?: unknown })?.details ?? null)}`);

let reads: ReadFunction[] | undefined;
// Read through their routes below (GET /api/export and /api/export/archive), the way a browser gets them.
const ROUTED = new Set(["export.ts:exportMyRecord", "export-archive.ts:exportMyArchive"]);
const discovered = async () => (reads ??= (await discoverReadFunctions()).filter((r) => !ROUTED.has(r.name)));
/** For each read, the argument shapes that answered someone (learnShapes); unknown reads get every shape. */
let shapes: Map<string, number[]> | undefined;

/**
 * The argument shapes each read is tried with: none, a page, then per place (ids of one pair) each
 * id alone, an object holding all of them (searches get `search`), and the two ids in either order.
 */
function argsFor(place: Place | null, search: string): unknown[][] {
  if (!place) return [[], [{ page: 1 }]];
  const { seriesId, meetingId, goalId, templateId } = place;
  const object = { seriesId, meetingId, goalId, templateId, page: 1, q: search, query: search, term: search };
  return [[meetingId], [seriesId], [goalId], [templateId], [object], [meetingId, seriesId], [seriesId, meetingId]];
}

/**
 * Learns which argument shapes each read takes, from people who may read a lot (a pair's manager
 * and report, the admin): a shape that every one of them is refused or that does not fit the
 * function is not tried again in the sweeps, which keeps each sweep to about one call per read
 * and place.
 */
export async function learnShapes(learners: Actor[], places: Place[], search: string) {
  await discovered();
  shapes = new Map();
  const attempt = (fn: ReadFunction["fn"], actor: Actor, args: unknown[]) =>
    Promise.resolve()
      .then(() => fn(actor, ...args))
      .then(
        (value) => text(value),
        () => null,
      );
  for (const { name, fn } of reads!) {
    const kept = new Set<number>();
    for (const learner of learners) {
      // A shape whose answer another shape already gave (the function ignores those arguments) adds nothing.
      const globals = [await attempt(fn, learner, []), await attempt(fn, learner, [{ page: 1 }])];
      globals.forEach((answer, kind) => answer !== null && kept.add(kind));
      for (const place of places) {
        const given = new Set(globals.filter((a) => a !== null));
        for (const [i, args] of argsFor(place, search).entries()) {
          const answer = await attempt(fn, learner, args);
          if (answer === null || given.has(answer)) continue;
          given.add(answer);
          kept.add(2 + i);
        }
      }
    }
    shapes.set(name, [...kept]);
  }
  return shapes;
}

/** Every read of lib/server, called as `actor` with every place's ids. */
async function readsOf(actor: Actor, places: Place[], search: string): Promise<Reading[]> {
  const out: Reading[] = [];
  for (const { name, fn } of await discovered()) {
    const kinds = shapes?.get(name) ?? [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const began = Date.now();
    for (const kind of kinds.filter((k) => k < 2)) {
      out.push({ channel: `lib/server ${name}`, text: await settle(() => fn(actor, ...argsFor(null, search)[kind])) });
    }
    for (const place of places) {
      for (const kind of kinds.filter((k) => k >= 2)) {
        out.push({ channel: `lib/server ${name}(${place.key})`, text: await settle(() => fn(actor, ...argsFor(place, search)[kind - 2])) });
      }
    }
    perRead.set(name, (perRead.get(name) ?? 0) + Date.now() - began);
  }
  return out;
}

/** The person's JSON export and zip archive, through their routes. */
async function exportsOf(actor: Actor): Promise<Reading[]> {
  signInAs(actor);
  const out: Reading[] = [];
  const json = (await (await doors.exportJson())()) as Response;
  out.push({ channel: "GET /api/export", text: await json.text() });
  const zip = (await (await doors.exportZip())()) as Response;
  if (zip.ok) {
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    out.push({
      channel: "GET /api/export/archive",
      text: Object.values(files)
        .map((file) => strFromU8(file))
        .join("\n"),
    });
  } else out.push({ channel: "GET /api/export/archive", text: await zip.text() });
  signInAs(null);
  return out;
}

async function routesOf(actor: Actor, places: Place[]): Promise<Reading[]> {
  signInAs(actor);
  const out: Reading[] = [];
  const markdown = await doors.markdown();
  const feedAction = await doors.feedAction();
  const calendar = await doors.calendar();
  for (const p of places) {
    const res = (await markdown(new Request(`http://localhost:3000/series/${p.seriesId}/meetings/${p.meetingId}/markdown`), {
      params: Promise.resolve({ seriesId: p.seriesId, meetingId: p.meetingId }),
    })) as Response;
    out.push({ channel: `GET markdown of ${p.key}'s meeting`, text: await res.text() });
    const feed = (await feedAction(null, form({ seriesId: p.seriesId, intent: "create" }))) as { ok: boolean; data?: { url: string | null } };
    out.push({ channel: `calendarFeedAction(${p.key})`, text: text(feed) });
    const token = feed.ok && feed.data?.url ? feed.data.url.split("/").pop()! : null;
    if (token) {
      const body = (await calendar(new Request(`http://localhost:3000/api/calendar/${token}`), { params: Promise.resolve({ token }) })) as Response;
      out.push({ channel: `calendar feed of ${p.key}`, text: await body.text() });
    }
  }
  signInAs(null);
  return out;
}

/** The agenda and the person's own note of each place's meeting, opened on the real collaboration server where a token is given. */
async function socketsOf(actor: Actor, places: Place[], port: number): Promise<Reading[]> {
  signInAs(actor);
  const out: Reading[] = [];
  const agendaToken = await doors.agendaToken();
  const noteToken = await doors.noteToken();
  for (const p of places) {
    for (const [kind, door, name] of [
      ["agenda", agendaToken, agendaDocumentName(p.meetingId)],
      ["own note", noteToken, noteDocumentName(p.meetingId, actor.id)],
    ] as const) {
      const answer = (await door({ meetingId: p.meetingId })) as { ok: boolean; data?: { token: string; documentName?: string } };
      out.push({ channel: `${kind} token action (${p.key})`, text: text(answer) });
      if (!answer.ok || !answer.data) continue;
      const client = connect(port, answer.data.documentName ?? name, answer.data.token);
      try {
        const outcome = await Promise.race([client.outcome, new Promise<string>((r) => setTimeout(() => r("timeout"), 5_000))]);
        out.push({ channel: `socket: ${kind} of ${p.key}'s meeting (${outcome})`, text: allText(client.doc) });
      } finally {
        client.destroy();
      }
    }
  }
  signInAs(null);
  return out;
}

/** What the person's mailbox receives (SMTP) or their inbox shows: subject and body of every mail to them. */
async function mailOf(actor: Actor): Promise<Reading[]> {
  const db = await getDb();
  const rows = await db
    .select({ kind: outbox.kind, subject: outbox.subject, body: outbox.body })
    .from(outbox)
    .where(or(eq(outbox.recipientId, actor.id), sql`lower(${outbox.toAddress}) = ${actor.email.toLowerCase()}`));
  return rows.map((r) => ({ channel: `mail to ${actor.email} (${r.kind})`, text: `${r.subject}\n${r.body}` }));
}

/**
 * exports: false leaves out the two whole-record exports (the slowest reads), for the sweeps between
 * attempts. mailbox: whether the reader also holds the mailbox of the person's address (their own,
 * or one they made up), beyond the in-app inbox that lib/server's listMyMail gives every session.
 */
export type ChannelOptions = { places: Place[]; collabPort: number; search: string; exports?: boolean; mailbox?: boolean };

/** Every channel `actor` reaches, as text. */
export async function readEverything(actor: Actor, options: ChannelOptions): Promise<Reading[]> {
  const timed = async (what: keyof typeof timings, work: () => Promise<Reading[]>) => {
    const started = Date.now();
    const readings = await work();
    timings[what] += Date.now() - started;
    return readings;
  };
  return [
    ...(await timed("reads", () => readsOf(actor, options.places, options.search))),
    ...(options.exports === false ? [] : await timed("exports", () => exportsOf(actor))),
    ...(await timed("routes", () => routesOf(actor, options.places))),
    ...(await timed("sockets", () => socketsOf(actor, options.places, options.collabPort))),
    ...(options.mailbox ? await timed("mail", () => mailOf(actor)) : []),
  ];
}

export const perRead = new Map<string, number>();
/** Where the sweeps spent their time, in ms (for the log). */
export const timings = { reads: 0, exports: 0, routes: 0, sockets: 0, mail: 0 };

/** The links in `text` that hand over an account: invitations today; sign-in, reset or recovery links if some day they appear. */
export function credentialsIn(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s"'<>\\]*\/(?:invite|sign-in|reset|recover|magic|verify)[^\s"'<>\\]*/g) ?? [];
  return [...new Set(found.filter((url) => /\/invite\/[A-Za-z0-9_-]{20,}|[?&]token=[A-Za-z0-9_-]{20,}/.test(url)))];
}
