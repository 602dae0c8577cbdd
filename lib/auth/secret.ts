import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";
import { assertPrivateFile } from "../private-files";

/**
 * AUTH_SECRET when set (required for several instances); otherwise a random secret kept in
 * the git-ignored .data folder, so a fresh checkout runs without any .env file.
 */
export function authSecret(): string {
  const configured = env().AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(process.cwd(), ".data", "auth-secret");
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    assertPrivateFile(file, "The session secret file");
    return text;
  }
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
    return secret;
  } catch {
    return fs.readFileSync(file, "utf8").trim();
  }
}
