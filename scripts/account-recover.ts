// Recovery of an account from the server's shell, for when no mail server is configured (with
// one, the person asks for a link on the sign-in page). No admin can do this (docs/SECURITY.md):
//   npm run account:recover -- --email person@example.com
// It prints a one-time link (valid 24 hours) to hand to the person, writes an entry into their
// access log and tells them and the other person of each of their one-on-ones. It reads the same
// configuration as the app (DATABASE_URL, or the embedded database in PGLITE_DIR, which admits
// one process at a time: stop the app first). Links are built on APP_URL when it is set.
import { parseArgs } from "node:util";
import { z } from "zod";
import { email } from "../lib/validation/common";
import { systemActor } from "../lib/policy";

const USAGE = "usage: npm run account:recover -- --email person@example.com";

async function main() {
  const { values } = parseArgs({ options: { email: { type: "string" } } });
  const parsed = z.object({ email }).safeParse({ email: values.email ?? "" });
  if (!parsed.success) {
    console.error(`${parsed.error.issues[0]?.message ?? "Enter an email address."}\n${USAGE}`);
    return 2;
  }
  const { appBaseUrl } = await import("../lib/env");
  const { recoverByOperator } = await import("../lib/server/recovery");
  const done = await recoverByOperator(systemActor("recovery"), { email: parsed.data.email }, appBaseUrl());
  console.log(`A one-time link to set a new password for ${done.person.name} (${parsed.data.email}):\n\n  ${done.link}\n`);
  console.log(`It works once, until ${done.expiresAt.toISOString()}, and signs out the person's other sessions.`);
  console.log(`Give it to the person only. Their access log records it; told by mail or inbox: ${done.told.join(", ")}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof Error && error.name === "AppError";
    console.error(known ? (error as Error).message : error);
    process.exit(1);
  },
);
