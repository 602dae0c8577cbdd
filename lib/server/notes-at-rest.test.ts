import { signInAs } from "@/test/actions-harness";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notesCipher, openDb, type Db } from "@/db/client";
import { startCollabServer } from "@/lib/collab/server";
import { agendaDocumentName, noteDocumentName, YJS_FIELD } from "@/lib/collab/names";
import { updateFromJSON } from "@/lib/collab/yjs";
import { noteContext } from "@/lib/crypto/notes-cipher";
import { newKeyText, rotateNotesKey, unlockNotes } from "@/lib/crypto/notes-key";
import { sealPlaintextNotes } from "@/lib/crypto/notes-migrate";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/policy";
import { acknowledged, allText, connect, typeInto, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { issueAgendaToken } from "./collab";
import { loadCollabState } from "./collab-store";
import { exportMyRecord } from "./export";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";

const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");
const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];

/** What someone who holds a dump sees: every row of every table in every schema, cast to text. */
async function rawRead(db: Db): Promise<string> {
  const tables = rowsOf(
    await db.execute(sql`select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`),
  );
  expect(tables.map((t) => t.t)).toEqual(expect.arrayContaining(["private_notes", "collab_documents", "collab_updates", "encryption_keys"]));
  const out: string[] = [];
  for (const { s, t } of tables) {
    const rows = rowsOf(await db.execute(sql.raw(`select r::text as row from "${s}"."${t}" r`)));
    out.push(...rows.map((r) => r.row));
  }
  return out.join("\n").toLowerCase();
}

/** The text in the clear, or as the hex of its UTF-8 bytes (how a bytea column reads as text). */
const holds = (dump: string, text: string) => dump.includes(text.toLowerCase()) || dump.includes(hex(text));

const NOTE = "Note-Marker-Quixotic-Burnout";
const MORE = "Note-Second-Edit-Zephyr";
const AGENDA = "Agenda-Marker-Visible-Walrus";

describe("private notes at rest", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let meetingId = "";
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];
  const open = (name: string, token: string) => {
    const c = connect(server.port, name, token);
    clients.push(c);
    return c;
  };
  const noteTokenAction = async (actor: Actor) => {
    signInAs(actor);
    const { noteTokenAction } = await import("@/app/(app)/series/[seriesId]/meetings/[meetingId]/notes-actions");
    const result = await noteTokenAction({ meetingId });
    if (!result.ok) throw new Error(result.error);
    return result.data;
  };
  const ownNoteText = async (actor: Actor) => JSON.stringify((await loadMeetingWorkspace(actor, meetingId)).note?.content ?? null);

  beforeAll(async () => {
    for (const name of ["manager", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 300 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it("keeps the note's text out of every table, in the update log and after compaction, while the agenda's stays readable", async () => {
    const { token, documentName } = await noteTokenAction(who.manager);
    expect(documentName).toBe(noteDocumentName(meetingId, who.manager.id));
    const note = open(documentName, token);
    expect(await note.outcome).toBe("synced");
    typeInto(note.doc, NOTE);
    await acknowledged(note.provider);
    const agenda = open(agendaDocumentName(meetingId), (await issueAgendaToken(who.report1, { meetingId })).token);
    expect(await agenda.outcome).toBe("synced");
    typeInto(agenda.doc, AGENDA);
    await acknowledged(agenda.provider);

    // Acknowledged means stored: the note's update is in the log, sealed, and nothing shows its text.
    let dump = await rawRead(t.db);
    expect(holds(dump, AGENDA), "the read sees what is stored in the clear (control)").toBe(true);
    expect(holds(dump, NOTE)).toBe(false);

    // The debounced store compacts the log into the state and derives the note's JSON row.
    await new Promise((r) => setTimeout(r, 2_600));
    expect(await ownNoteText(who.manager)).toContain(NOTE);
    dump = await rawRead(t.db);
    expect(holds(dump, NOTE)).toBe(false);
    expect(dump).toMatch(/"+enc"+: "+[a-z0-9+/]{40}/); // the sealed note row (a row cast to text doubles its quotes)
  });

  it("lets the author read, export and edit their note, and nobody else reads it", async () => {
    expect(await ownNoteText(who.manager)).toContain(NOTE);
    expect(JSON.stringify(await exportMyRecord(who.manager))).toContain(NOTE);
    expect(await ownNoteText(who.report1)).not.toContain(NOTE);
    expect(JSON.stringify(await exportMyRecord(who.report1))).not.toContain(NOTE);
    // A new connection loads the sealed state and log, and a further edit is stored sealed too.
    const { token, documentName } = await noteTokenAction(who.manager);
    const again = open(documentName, token);
    expect(await again.outcome).toBe("synced");
    expect(allText(again.doc)).toContain(NOTE);
    typeInto(again.doc, ` ${MORE}`);
    await acknowledged(again.provider);
    await new Promise((r) => setTimeout(r, 2_600));
    expect(await ownNoteText(who.manager)).toContain(MORE);
    expect(holds(await rawRead(t.db), MORE)).toBe(false);
  });

  it("seals note rows stored in the clear before encryption (at start), and the author still reads them", async () => {
    const author = who.report1;
    const name = noteDocumentName(meetingId, author.id);
    const legacy = paragraphDoc("Legacy-Row-Marker");
    await t.db.execute(sql`insert into private_notes (meeting_id, author_id, content, search_text)
      values (${meetingId}, ${author.id}, ${JSON.stringify(legacy)}::jsonb, 'Legacy-Row-Marker')`);
    // A note document as stored before encryption: a state, and one update logged after it.
    const legacyDoc = new Y.Doc();
    Y.applyUpdate(legacyDoc, updateFromJSON(paragraphDoc("Legacy-State-Marker")));
    const state = Y.encodeStateAsUpdate(legacyDoc);
    const stateVector = Y.encodeStateVector(legacyDoc);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Legacy-Log-Marker")]);
    legacyDoc.getXmlFragment(YJS_FIELD).insert(1, [paragraph]);
    const logged = Y.encodeStateAsUpdate(legacyDoc, stateVector);
    await t.db.execute(sql`insert into collab_documents (name, state) values (${name}, ${Buffer.from(state)})`);
    await t.db.execute(sql`insert into collab_updates (name, update) values (${name}, ${Buffer.from(logged)})`);
    const dump = await rawRead(t.db);
    for (const marker of ["Legacy-Row-Marker", "Legacy-State-Marker", "Legacy-Log-Marker"]) expect(holds(dump, marker), marker).toBe(true);

    expect(await sealPlaintextNotes(t.db, await notesCipher())).toBe(3);
    expect(await sealPlaintextNotes(t.db, await notesCipher())).toBe(0);
    const after = await rawRead(t.db);
    for (const marker of ["Legacy-Row-Marker", "Legacy-State-Marker", "Legacy-Log-Marker"]) expect(holds(after, marker), marker).toBe(false);
    expect(holds(after, AGENDA)).toBe(true);
    expect(await ownNoteText(author)).toContain("Legacy-Row-Marker");
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await loadCollabState(name));
    expect(allText(loaded)).toContain("Legacy-State-Marker");
    expect(allText(loaded)).toContain("Legacy-Log-Marker");
  });

  it("refuses to open the database with a wrong key, saying so, and opens it with the right one", async () => {
    const client = (t.db as unknown as { $client?: PGlite }).$client;
    if (process.env.TEST_DB === "postgres" || !client?.dumpDataDir) {
      // A copy of a PostgreSQL database is a server-side matter: the key check itself is the same function.
      await expect(unlockNotes(t.db, { key: newKeyText(), file: "" })).rejects.toThrow(/NOTES_KEY holds key \w+, but this database's private notes are locked/);
      return;
    }
    const copy = new Blob([Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer())]);
    await expect(openDb({ pgliteDir: "memory://", loadDataDir: copy, notesKey: newKeyText() })).rejects.toThrow(
      /NOTES_KEY holds key \w+, but this database's private notes are locked with key \w+/,
    );
    const right = await openDb({ pgliteDir: "memory://", loadDataDir: copy });
    try {
      const rows = rowsOf(await right.db.execute(sql`select meeting_id, author_id, content from private_notes where author_id = ${who.manager.id}`));
      const opened = right.notes.openJSON(rows[0].content, noteContext(rows[0].meeting_id, rows[0].author_id, "content"));
      expect(JSON.stringify(opened)).toContain(NOTE);
    } finally {
      await right.close();
    }
  }, 180_000); // two copies of the database are opened: seconds each on a busy machine

  it("rotates the key while the app runs: notes stay readable and editable, and the old key no longer unwraps", async () => {
    const oldKey = env().NOTES_KEY!;
    const newKey = newKeyText();
    await rotateNotesKey(t.db, { key: oldKey, file: "" }, newKey);
    // The running app holds the data key it unwrapped at start: nothing stops, nothing is re-encrypted.
    expect(await ownNoteText(who.manager)).toContain(MORE);
    const { token, documentName } = await noteTokenAction(who.manager);
    const c = open(documentName, token);
    expect(await c.outcome).toBe("synced");
    typeInto(c.doc, " after-rotation");
    await acknowledged(c.provider);
    await expect(unlockNotes(t.db, { key: oldKey, file: "" })).rejects.toThrow(/locked with key/);
    // The next start, with the new key, opens everything written before and after.
    const restarted = await unlockNotes(t.db, { key: newKey, file: "" });
    const name = noteDocumentName(meetingId, who.manager.id);
    const states = rowsOf(await t.db.execute(sql`select encode(state, 'base64') as s from collab_documents where name = ${name}`));
    const updates = rowsOf(await t.db.execute(sql`select encode(update, 'base64') as u from collab_updates where name = ${name}`));
    const doc = new Y.Doc();
    for (const bytes of [...states.map((r) => r.s), ...updates.map((r) => r.u)]) {
      Y.applyUpdate(doc, restarted.open(Buffer.from(bytes, "base64"), noteContext(meetingId, who.manager.id, "collab")));
    }
    expect(allText(doc)).toContain(MORE);
    expect(allText(doc)).toContain("after-rotation");
  });
});
