// Rule kept here: private note text is stored only as AES-256-GCM ciphertext under the notes
// data key, bound to the row it belongs to (the note's document name is the additional
// authenticated data), so a ciphertext copied into another note's row does not open.
//
// Not "server-only": db/client.ts and scripts/notes-rotate-key.ts run under plain Node too.
import crypto from "node:crypto";

/** Every sealed value starts with these bytes; a Yjs update or a JSON text never does in practice. */
const MAGIC = Buffer.from([0x00, 0x42, 0x55, 0x4e, 0x45, 0x31]); // "\0BUNE1"
export const SEALED_PREFIX_HEX = MAGIC.toString("hex");
const HEADER = MAGIC.length + 4; // magic, data key version (uint32)
const IV = 12;
const TAG = 16;

/** A note row's envelope in private_notes.content (jsonb): the sealed JSON text, base64. */
export type SealedJSON = { enc: string };

/** The context a note's ciphertexts are bound to: its document name, and which of its columns. */
export const noteContext = (meetingId: string, authorId: string, part: "content" | "collab") =>
  `${part}:note.${meetingId.toLowerCase()}.${authorId.toLowerCase()}`;

export function isSealedBytes(bytes: Uint8Array): boolean {
  return bytes.byteLength >= HEADER + IV + TAG && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC);
}

export function isSealedJSON(value: unknown): value is SealedJSON {
  return typeof value === "object" && value !== null && typeof (value as { enc?: unknown }).enc === "string";
}

/** Raised when sealed data does not open: a wrong key, or data changed in the database. */
export class SealedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedDataError";
  }
}

/** Seals and opens note data with the unwrapped data key; built once per database at start (lib/crypto/notes-key.ts). */
export class NotesCipher {
  readonly #key: Buffer;
  constructor(
    readonly version: number,
    key: Buffer,
  ) {
    if (key.byteLength !== 32) throw new Error("the notes data key must be 32 bytes");
    this.#key = Buffer.from(key);
  }

  seal(plain: Uint8Array, context: string): Uint8Array {
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header);
    header.writeUInt32BE(this.version, MAGIC.length);
    const iv = crypto.randomBytes(IV);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.concat([header, Buffer.from(context, "utf8")]));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const out = Buffer.concat([header, iv, body, cipher.getAuthTag()]);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  /** The plaintext of sealed bytes; bytes that were never sealed (a row from before encryption) come back as they are. */
  open(stored: Uint8Array, context: string): Uint8Array {
    if (!isSealedBytes(stored)) return stored;
    const all = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    const version = all.readUInt32BE(MAGIC.length);
    if (version !== this.version) throw new SealedDataError(`note data sealed under data key version ${version}, this database's is ${this.version}`);
    const header = all.subarray(0, HEADER);
    const iv = all.subarray(HEADER, HEADER + IV);
    const tag = all.subarray(all.length - TAG);
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.#key, iv);
    decipher.setAAD(Buffer.concat([header, Buffer.from(context, "utf8")]));
    decipher.setAuthTag(tag);
    try {
      const out = Buffer.concat([decipher.update(all.subarray(HEADER + IV, all.length - TAG)), decipher.final()]);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch {
      throw new SealedDataError("note data did not decrypt: wrong key, or it was changed or moved to another row");
    }
  }

  sealJSON(value: unknown, context: string): SealedJSON {
    return { enc: Buffer.from(this.seal(Buffer.from(JSON.stringify(value), "utf8"), context)).toString("base64") };
  }

  /** The JSON of a sealed envelope; a plain JSON value (a row from before encryption) comes back as it is. */
  openJSON<T = unknown>(stored: unknown, context: string): T {
    if (!isSealedJSON(stored)) return stored as T;
    const bytes = Buffer.from(stored.enc, "base64");
    if (!isSealedBytes(bytes)) throw new SealedDataError("a sealed note envelope holds no sealed data");
    return JSON.parse(Buffer.from(this.open(bytes, context)).toString("utf8")) as T;
  }
}
