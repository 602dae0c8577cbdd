import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKeys } from "@/db/schema";
import { parseEnv } from "@/lib/env";
import { useTestDatabase } from "@/test/db";
import { defaultNotesKeyFile, kekIdOf, newKeyText, NotesKeyError, rewrapNotesKey, rotateNotesKey, unlockNotes } from "./notes-key";
import { parseKeyText } from "./key-text";

describe("the notes data key and the key that wraps it", () => {
  const t = useTestDatabase();
  let dir = "";
  let file = "";
  const sealed: { bytes: Uint8Array; json: unknown } = { bytes: new Uint8Array(), json: {} };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bu-notes-key-"));
    file = defaultNotesKeyFile(path.join(dir, "pglite"));
    // As on a first start: the database holds no notes key yet (the snapshot's was made with the tests' NOTES_KEY).
    await t.db.delete(encryptionKeys);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps the key file beside the PGlite folder, never inside it", () => {
    expect(defaultNotesKeyFile("/var/lib/between-us/pglite")).toBe("/var/lib/between-us/notes-key");
    expect(defaultNotesKeyFile(undefined)).toBe(path.join(process.cwd(), ".data", "notes-key"));
    expect(defaultNotesKeyFile("memory://")).toBe(path.join(process.cwd(), ".data", "notes-key"));
  });

  it("creates the key file (owner-only) and a wrapped data key on first start; the database holds no key in the clear", async () => {
    expect(fs.existsSync(file)).toBe(false);
    const cipher = await unlockNotes(t.db, { file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const kek = parseKeyText(fs.readFileSync(file, "utf8"))!;
    const [row] = await t.db.select().from(encryptionKeys);
    expect(row).toMatchObject({ purpose: "notes", version: 1, kekId: kekIdOf(kek), rotatedAt: null });
    expect(Buffer.from(row.wrappedKey).includes(kek)).toBe(false);
    sealed.bytes = cipher.seal(Buffer.from("SEALED-BYTES-MARKER"), "collab:x");
    sealed.json = cipher.sealJSON({ type: "doc", text: "SEALED-JSON-MARKER" }, "content:x");
    expect(Buffer.from(sealed.bytes).includes(Buffer.from("SEALED-BYTES-MARKER"))).toBe(false);
    expect(JSON.stringify(sealed.json)).not.toContain("SEALED-JSON-MARKER");
  });

  it("unlocks the same data key on the next start, and a ciphertext opens only in its own row", async () => {
    const cipher = await unlockNotes(t.db, { file });
    expect(Buffer.from(cipher.open(sealed.bytes, "collab:x")).toString()).toBe("SEALED-BYTES-MARKER");
    expect(cipher.openJSON(sealed.json, "content:x")).toEqual({ type: "doc", text: "SEALED-JSON-MARKER" });
    expect(() => cipher.open(sealed.bytes, "collab:y")).toThrow(/did not decrypt/);
  });

  it("refuses to start with a wrong key, a missing key file or a damaged stored key, saying which", async () => {
    const [row] = await t.db.select().from(encryptionKeys);
    const wrong = newKeyText();
    await expect(unlockNotes(t.db, { key: wrong, file })).rejects.toThrow(
      new RegExp(`NOTES_KEY holds key ${kekIdOf(parseKeyText(wrong)!)}, but this database's private notes are locked with key ${row.kekId}`),
    );
    const other = path.join(dir, "other", "notes-key");
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, newKeyText(), { mode: 0o600 });
    await expect(unlockNotes(t.db, { file: other })).rejects.toThrow(/The notes key file .* holds key .* locked with key/);
    await expect(unlockNotes(t.db, { file: path.join(dir, "nowhere", "notes-key") })).rejects.toThrow(
      /is missing, and this database's private notes are locked/,
    );
    expect(fs.existsSync(path.join(dir, "nowhere"))).toBe(false);
    fs.writeFileSync(other, "not a key", { mode: 0o600 });
    await expect(unlockNotes(t.db, { file: other })).rejects.toThrow(/is not a notes key: it must be 32 random bytes/);
    // The wrapped key or its check value changed in the database: loud, never a guess.
    await t.db.update(encryptionKeys).set({ checkValue: sql`set_byte(${encryptionKeys.checkValue}, 30, get_byte(${encryptionKeys.checkValue}, 30) # 1)` });
    await expect(unlockNotes(t.db, { file })).rejects.toThrow(/does not open its check value/);
    await t.db
      .update(encryptionKeys)
      .set({ checkValue: row.checkValue, wrappedKey: sql`set_byte(${encryptionKeys.wrappedKey}, 20, get_byte(${encryptionKeys.wrappedKey}, 20) # 1)` });
    await expect(unlockNotes(t.db, { file })).rejects.toBeInstanceOf(NotesKeyError);
    await t.db.update(encryptionKeys).set({ wrappedKey: row.wrappedKey });
    await expect(unlockNotes(t.db, { file })).resolves.toBeDefined();
  });

  it("rotates the key file's key: the same data key, re-wrapped; the old key no longer unwraps it", async () => {
    const oldText = fs.readFileSync(file, "utf8");
    const { from, to, wroteFile } = await rotateNotesKey(t.db, { file });
    expect(wroteFile).toBe(file);
    expect(from).toBe(kekIdOf(parseKeyText(oldText)!));
    expect(to).toBe(kekIdOf(parseKeyText(fs.readFileSync(file, "utf8"))!));
    expect(fs.existsSync(`${file}.new`)).toBe(false);
    const [row] = await t.db.select().from(encryptionKeys);
    expect(row.kekId).toBe(to);
    expect(row.rotatedAt).toBeInstanceOf(Date);
    await expect(unlockNotes(t.db, { key: oldText, file })).rejects.toThrow(/locked with key/);
    const cipher = await unlockNotes(t.db, { file });
    expect(Buffer.from(cipher.open(sealed.bytes, "collab:x")).toString()).toBe("SEALED-BYTES-MARKER");
  });

  it("finishes a key-file rotation that stopped after the database committed and before the file was replaced", async () => {
    const current = parseKeyText(fs.readFileSync(file, "utf8"))!;
    const next = newKeyText();
    fs.writeFileSync(`${file}.new`, next, { mode: 0o600 });
    await rewrapNotesKey(t.db, current, parseKeyText(next)!);
    const cipher = await unlockNotes(t.db, { file });
    expect(fs.readFileSync(file, "utf8")).toBe(next);
    expect(fs.existsSync(`${file}.new`)).toBe(false);
    expect(cipher.openJSON(sealed.json, "content:x")).toEqual({ type: "doc", text: "SEALED-JSON-MARKER" });
  });

  it("with NOTES_KEY, rotation wants the new key given and writes it nowhere", async () => {
    const current = fs.readFileSync(file, "utf8");
    await expect(rotateNotesKey(t.db, { key: current, file })).rejects.toThrow(/give the new key as NEW_NOTES_KEY/);
    const next = newKeyText();
    const before = fs.readdirSync(dir).sort();
    await rotateNotesKey(t.db, { key: current, file }, next);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(fs.readFileSync(file, "utf8")).toBe(current);
    await expect(unlockNotes(t.db, { key: current, file })).rejects.toThrow(/locked with key/);
    await expect(unlockNotes(t.db, { key: next, file })).resolves.toBeDefined();
    // A wrong current key rotates nothing.
    await expect(rotateNotesKey(t.db, { key: current, file }, newKeyText())).rejects.toThrow(/locked with key/);
    const [row] = await t.db.select().from(encryptionKeys).where(eq(encryptionKeys.purpose, "notes"));
    expect(row.kekId).toBe(kekIdOf(parseKeyText(next)!));
  });

  it("checks NOTES_KEY's form at start and never repeats its value", () => {
    const key = newKeyText();
    expect(parseEnv({ NOTES_KEY: key }).NOTES_KEY).toBe(key);
    expect(parseEnv({ NOTES_KEY: Buffer.from(parseKeyText(key)!).toString("hex") }).NOTES_KEY).toBeDefined();
    expect(() => parseEnv({ NOTES_KEY: "hunter2-not-a-key" })).toThrow(/NOTES_KEY must be 32 random bytes in base64 or hex/);
    expect(() => parseEnv({ NOTES_KEY: "hunter2-not-a-key" })).not.toThrow(/hunter2/);
  });
});
