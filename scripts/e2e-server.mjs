// Serves the production build for the browser tests on a fresh database of its own:
// E2E_DATABASE_URL (a PostgreSQL database created for this run) when set, else a new PGlite folder.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3210";
// The collaboration server listens next to it: E2E_COLLAB_PORT, else the app's port + 1.
const collabPort = process.env.E2E_COLLAB_PORT ?? String(Number(port) + 1);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DEMO_DATA: "on", E2E_FIXTURES: "on", PORT: port, COLLAB_PORT: collabPort };
delete env.DATABASE_URL;
let dir;
if (process.env.E2E_DATABASE_URL) {
  env.DATABASE_URL = process.env.E2E_DATABASE_URL;
} else {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "between-us-e2e-"));
  env.PGLITE_DIR = dir;
}
const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", port, "--hostname", "127.0.0.1"], {
  env,
  stdio: ["ignore", "pipe", "pipe"],
});
// The server's log is a channel too: it goes to the terminal as before and, when E2E_SERVER_LOG
// names a file, into that file, which e2e/canary.spec.ts searches for the canary's markers.
const log = process.env.E2E_SERVER_LOG ? fs.createWriteStream(process.env.E2E_SERVER_LOG, { flags: "w" }) : null;
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  from.on("data", (chunk) => {
    to.write(chunk);
    log?.write(chunk);
  });
}
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
