import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { bytea } from "./collab";

/**
 * Data keys, wrapped (AES-256-GCM) by a key-encryption key that never reaches the database:
 * NOTES_KEY, or the key file beside the PGlite folder (lib/crypto/notes-key.ts). One row per
 * purpose; today only "notes", the key private notes and their collaboration documents are
 * sealed with. Rotation re-wraps the same data key under a new key-encryption key.
 */
export const encryptionKeys = pgTable("encryption_keys", {
  purpose: text("purpose").primaryKey(),
  /** The data key's version; every ciphertext names the version it was sealed with. */
  version: integer("version").notNull(),
  /** Which key-encryption key wraps it: a fingerprint (HMAC of a fixed label), never the key. */
  kekId: text("kek_id").notNull(),
  wrappedKey: bytea("wrapped_key").notNull(),
  /** A known value sealed with the data key: opening it proves the key unwrapped is the right one. */
  checkValue: bytea("check_value").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  rotatedAt: timestamp("rotated_at", { withTimezone: true }),
});

export type EncryptionKey = typeof encryptionKeys.$inferSelect;
