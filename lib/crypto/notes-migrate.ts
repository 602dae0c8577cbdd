// Seals note data still stored in the clear: rows from before encryption, a restore of an older
// backup, or rows a tool wrote with plain SQL. Runs at every start (db/client.ts), before the
// database is handed to anything else; it reads only rows that are not sealed yet, so once all
// are, it is one index-free scan of each table that finds nothing.
//
// Not "server-only": db/client.ts runs under plain Node too.
import { and, asc, eq, gt, like, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { collabDocuments, collabUpdates } from "../../db/schema/collab";
import { privateNotes } from "../../db/schema/confidentiality";
import { parseDocumentName } from "../collab/names";
import { type NotesCipher, noteContext, SEALED_PREFIX_HEX } from "./notes-cipher";

const BATCH = 500;
const notSealedJSON = sql`not jsonb_exists(${privateNotes.content}, 'enc')`;
const notSealedBytes = (column: typeof collabDocuments.state | typeof collabUpdates.update) =>
  sql`encode(substring(${column} from 1 for ${SEALED_PREFIX_HEX.length / 2}), 'hex') <> ${SEALED_PREFIX_HEX}`;
const noteName = (column: typeof collabDocuments.name | typeof collabUpdates.name) => like(column, "note.%");

function collabContext(name: string): string | null {
  const doc = parseDocumentName(name);
  return doc?.kind === "note" ? noteContext(doc.meetingId, doc.authorId, "collab") : null;
}

/** Seals every note row still in the clear; returns how many rows it sealed. Each update re-checks that the row is still unsealed. */
export async function sealPlaintextNotes(db: Db, cipher: NotesCipher): Promise<number> {
  let sealed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    // In key order from where the last batch ended: each batch reads on from there, not from the start.
    const rows = await db
      .select({ id: privateNotes.id, meetingId: privateNotes.meetingId, authorId: privateNotes.authorId, content: privateNotes.content })
      .from(privateNotes)
      .where(and(gt(privateNotes.id, after), notSealedJSON))
      .orderBy(asc(privateNotes.id))
      .limit(BATCH);
    if (!rows.length) break;
    // One statement per batch (a filled benchmark database holds half a million notes).
    const values = rows.map(
      (row) => sql`(${row.id}::uuid, ${JSON.stringify(cipher.sealJSON(row.content, noteContext(row.meetingId, row.authorId, "content")))}::jsonb)`,
    );
    await db.execute(sql`update private_notes as p set content = v.content, search_text = ''
      from (values ${sql.join(values, sql`, `)}) as v (id, content)
      where p.id = v.id and not jsonb_exists(p.content, 'enc')`);
    sealed += rows.length;
    after = rows[rows.length - 1].id;
    if (rows.length < BATCH) break;
  }
  // Text kept in the clear beside sealed content (an older tool's insert) goes too.
  await db
    .update(privateNotes)
    .set({ searchText: "" })
    .where(sql`${privateNotes.searchText} <> ''`);

  const documents = await db
    .select({ name: collabDocuments.name })
    .from(collabDocuments)
    .where(and(noteName(collabDocuments.name), notSealedBytes(collabDocuments.state)));
  for (const { name } of documents) {
    const context = collabContext(name);
    if (!context) continue;
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ state: collabDocuments.state })
        .from(collabDocuments)
        .where(and(eq(collabDocuments.name, name), notSealedBytes(collabDocuments.state)))
        .for("update");
      if (!row) return;
      await tx
        .update(collabDocuments)
        .set({ state: cipher.seal(row.state, context) })
        .where(eq(collabDocuments.name, name));
      sealed++;
    });
  }

  for (;;) {
    const rows = await db
      .select({ id: collabUpdates.id, name: collabUpdates.name, update: collabUpdates.update })
      .from(collabUpdates)
      .where(and(noteName(collabUpdates.name), notSealedBytes(collabUpdates.update)))
      .limit(BATCH);
    let changed = 0;
    for (const row of rows) {
      const context = collabContext(row.name);
      if (!context) continue;
      await db
        .update(collabUpdates)
        .set({ update: cipher.seal(row.update, context) })
        .where(and(eq(collabUpdates.id, row.id), notSealedBytes(collabUpdates.update)));
      changed++;
    }
    sealed += changed;
    if (rows.length < BATCH || changed === 0) break;
  }
  return sealed;
}
