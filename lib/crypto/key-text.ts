// How a key-encryption key is written down: 32 random bytes as base64 (standard or URL-safe) or
// as 64 hex digits, e.g. `openssl rand -base64 32`. Shared by lib/env.ts and lib/crypto/notes-key.ts.

/** The 32 key bytes written in `text`, or null when it is not such a key. */
export function parseKeyText(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.byteLength === 32) return bytes;
  }
  return null;
}

export const KEY_TEXT_HINT = "32 random bytes in base64 or hex (openssl rand -base64 32)";
