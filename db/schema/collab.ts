import { bigint, customType, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Binary data (Yjs updates, sealed bytes). postgres.js answers a Buffer, PGlite a Uint8Array: both become Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * The real-time documents (the shared agenda, each private note): one merged Yjs state per
 * document. Named `agenda.<meetingId>` or `note.<meetingId>.<authorId>` (lib/collab/names.ts).
 * The ProseMirror JSON in agenda_documents / private_notes is derived from this state.
 * A note's state and log rows are sealed (lib/crypto/notes-cipher.ts); an agenda's are not.
 */
export const collabDocuments = pgTable("collab_documents", {
  name: text("name").primaryKey(),
  state: bytea("state").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set when the stored state or log could not be loaded (data from before updates were checked):
   * the document is not opened for editing and compaction skips it; pages show the last derived JSON.
   */
  quarantinedAt: timestamp("quarantined_at", { withTimezone: true }),
  quarantineReason: text("quarantine_reason"),
});

/**
 * Every update a client sent, stored before the server acknowledges it, so that a crash loses
 * nothing acknowledged. Compaction merges these rows into collab_documents.state and deletes them.
 */
export const collabUpdates = pgTable(
  "collab_updates",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    update: bytea("update").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("collab_updates_name_id_idx").on(t.name, t.id)],
);
