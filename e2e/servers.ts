import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Extra app servers for the tests that stop, kill or multiply them (the main one is
 * scripts/e2e-server.mjs). Each is `next start` on the same build, with the collaboration
 * server in its process on its own port, on a database given here.
 */
export type AppServer = {
  url: string;
  port: number;
  collabPort: number;
  proc: ChildProcess;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
  /** What the server has printed so far (stdout and stderr), for a failed test's report. */
  log: () => string;
};

export type ServerOptions = { port: number; collabPort: number; pgliteDir?: string; databaseUrl?: string; redisUrl?: string; env?: Record<string, string> };

/** The port this run's extra servers start from: E2E_PORT + 2 (E2E_PORT + 1 is the main server's collaboration port). */
export const basePort = () => Number(process.env.E2E_PORT ?? 3210) + 2;

export function tempDir(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startServer(options: ServerOptions): Promise<AppServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    DEMO_DATA: "on",
    E2E_FIXTURES: "on",
    PORT: String(options.port),
    COLLAB_PORT: String(options.collabPort),
    MAIL_WORKER: "off",
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  delete env.REDIS_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.pgliteDir) env.PGLITE_DIR = options.pgliteDir;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  const proc = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(options.port), "--hostname", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  proc.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  // A fresh PGlite folder migrates and seeds the demo and the browser fixtures on the first request:
  // on a 2-core machine busy with the other worker's axe audits that once took over 90 s.
  const until = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server on ${options.port} exited:\n${log}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    const collab =
      ok &&
      (await fetch(`http://127.0.0.1:${options.collabPort}/`).then(
        (r) => r.ok,
        () => false,
      ));
    if (collab) break;
    if (Date.now() > until) throw new Error(`server on ${options.port} did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port: options.port,
    collabPort: options.collabPort,
    proc,
    log: () => log,
    kill: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      // The whole process group: `next start` and anything it started.
      process.kill(-proc.pid!, signal);
      await exited;
    },
  };
}
