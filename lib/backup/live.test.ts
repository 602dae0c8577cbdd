// The live backup of the embedded database: `npm run backup` on a PGlite folder that a running
// process holds (opened here the way the app opens it, db/client.ts openDb, which starts the
// backup socket) while that process keeps writing and answering. The script runs as the CLI does,
// in a process of its own, so the folder is held by another process, as with the real app.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "@/db/client";
import { readArchive } from "./archive";
import { pgliteConn, tableStats } from "./database";
import { restore } from "./index";
import { backupKeyFromText, type BackupKey } from "./key";
import { LIVE_BACKUP_SOCKET } from "./live";

type Handle = Awaited<ReturnType<typeof openDb>>;

let tmp: string;
let dir: string;
let app: Handle | undefined;
let socketPath: string;
// The key the script authenticates with: derived from NOTES_KEY (vitest.config.ts sets it), as the app's.
let key: BackupKey;

const SLOW = { timeout: 240_000 };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bu-live-"));
  dir = path.join(tmp, "pglite");
  socketPath = path.join(dir, LIVE_BACKUP_SOCKET);
  app = await openDb({ pgliteDir: dir, demoData: true });
  key = backupKeyFromText(process.env.NOTES_KEY!, "NOTES_KEY");
}, 240_000);

afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs one of the npm scripts (scripts/*.ts) as the CLI does, on the embedded folder `dir`. */
function script(name: string, args: string[]) {
  const child = spawn(path.join(process.cwd(), "node_modules", ".bin", "tsx"), [path.join("scripts", name), ...args], {
    env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "", TEST_DB: "", BACKUP_KEY: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => output.push(c));
  child.stderr.on("data", (c: Buffer) => output.push(c));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, output: Buffer.concat(output).toString("utf8") })),
  );
  return { child, done };
}

/** Sends `request` on the backup socket and returns everything the app answers. */
function ask(request: string): Promise<string> {
  return askRaw(request).then((answer) => answer.toString("utf8"));
}

function askRaw(request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    const chunks: Buffer[] = [];
    socket.on("connect", () => socket.end(request));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("end", () => resolve(Buffer.concat(chunks)));
    socket.on("error", reject);
  });
}

/** The app's PGlite (the drizzle handle's client), for reads. */
const appPg = () => (app!.db as unknown as { $client: PGlite }).$client;

const rowsOf = async (subjectPrefix: string) =>
  (await appPg().query<{ subject: string }>(`select subject from outbox where subject like $1 order by subject`, [`${subjectPrefix}%`])).rows.map(
    (r) => r.subject,
  );

/** One write of the app: two rows in one transaction (a pair), so a dump that cut into it would show half a pair. */
async function writePair(tag: string, i: number) {
  await app!.db.transaction(async (tx) => {
    for (const half of ["a", "b"]) {
      await tx.execute(
        sql`insert into outbox (org_id, to_address, subject, body, transport, kind)
            select org_id, email, ${`${tag}-${half}-${String(i).padStart(5, "0")}`}, 'live backup test', 'log', 'invitation' from users order by email limit 1`,
      );
    }
  });
}

describe("npm run backup while the app runs on the embedded database", () => {
  test("the socket is the owner's only, in the data folder", () => {
    const stat = fs.statSync(socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  test("backs up a folder the app holds while it keeps writing and answering; the archive restores with every write it saw, whole", SLOW, async () => {
    const tag = "live";
    let written = 0;
    let healthy = 0;
    let stop = false;
    // The app's writes and health checks, going on until the script has finished.
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        await writePair(tag, i);
        written = i + 1;
        // An app's writes come from requests (I/O events); a loop of nothing but resolved promises would starve the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const health = (async () => {
      while (!stop) {
        const result = await appPg().query<{ ok: number }>(`select 1 as ok`);
        expect(result.rows[0]!.ok).toBe(1);
        healthy++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    while (written < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    const writtenBefore = written;
    const healthyBefore = healthy;

    const out = path.join(tmp, "out");
    const run = script("backup.ts", ["--out", out]);
    const { code, output } = await run.done;
    const writtenDuring = written;
    const healthyDuring = healthy;
    stop = true;
    await Promise.all([writer, health]);

    expect(code, output).toBe(0);
    expect(output).toContain(`from the running app (process ${process.pid})`);
    // The app went on writing and answering while the backup ran.
    expect(writtenDuring).toBeGreaterThan(writtenBefore);
    expect(healthyDuring).toBeGreaterThan(healthyBefore);
    // ... and after it.
    await writePair(`${tag}-after`, 0);
    expect(await rowsOf(`${tag}-after`)).toHaveLength(2);

    const archives = fs.readdirSync(out);
    expect(archives).toHaveLength(1);
    expect(archives[0]).toMatch(/^between-us-backup-\d{8}T\d{6}Z\.tar\.gz$/);
    const file = path.join(out, archives[0]!);
    const { manifest } = await readArchive(file, key);
    expect(manifest.source.kind).toBe("pglite");

    // Restored into a fresh database: every table matches the manifest (restore checks that before
    // it commits), every write done before the request is there, and no write is there by half.
    const fresh = await PGlite.create();
    try {
      await restore(file, { kind: "pglite", pg: fresh }, { key });
      const restored = (await fresh.query<{ subject: string }>(`select subject from outbox where subject like 'live-%' order by subject`)).rows.map(
        (r) => r.subject,
      );
      const a = restored.filter((s) => s.startsWith(`${tag}-a-`)).map((s) => s.slice(`${tag}-a-`.length));
      const b = restored.filter((s) => s.startsWith(`${tag}-b-`)).map((s) => s.slice(`${tag}-b-`.length));
      expect(a).toEqual(b);
      expect(a.length).toBeGreaterThanOrEqual(writtenBefore);
      expect(a.length).toBeLessThanOrEqual(writtenDuring);
      expect(a).toEqual(Array.from({ length: a.length }, (_, i) => String(i).padStart(5, "0")));
      expect(restored.some((s) => s.startsWith(`${tag}-after`))).toBe(false);
      const [users] = (await fresh.query<{ n: number }>(`select count(*)::int as n from users`)).rows;
      const [sourceUsers] = (await appPg().query<{ n: number }>(`select count(*)::int as n from users`)).rows;
      expect(users!.n).toBe(sourceUsers!.n);
    } finally {
      await fresh.close();
    }
    expect(fs.readdirSync(out)).toEqual(archives); // no .partial left beside it
  });

  test("the socket refuses anything but the one backup request, and nothing changes", SLOW, async () => {
    const client = appPg();
    const before = await tableStats(pgliteConn(client));
    for (const request of ["select 1\n", "backup; drop table users\n", "BACKUP\n", "restore\n", `${"x".repeat(100)}`, "backup"]) {
      const answer = await ask(request);
      expect(answer.trim(), request).toMatch(/^\{"ok":false,"error":"refused: this socket answers only \\"backup\\""\}$/);
    }
    expect(await tableStats(pgliteConn(client))).toEqual(before);
  });

  test("restore and db:move refuse the folder the app holds, with a clear message, and change nothing", SLOW, async () => {
    const out = path.join(tmp, "for-restore");
    const backup = await script("backup.ts", ["--out", out]).done;
    expect(backup.code, backup.output).toBe(0);
    const file = path.join(out, fs.readdirSync(out)[0]!);
    const client = appPg();
    const before = await tableStats(pgliteConn(client));

    const restoring = await script("restore.ts", [file, "--force"]).done;
    expect(restoring.code).toBe(1);
    expect(restoring.output).toContain(`The app (process ${process.pid}) has the embedded database in ${dir} open`);
    expect(restoring.output).toContain("only `npm run backup` runs beside the app: stop the app");

    const moving = await script("db-move.ts", ["--to", "postgres://nobody@127.0.0.1:9/none"]).done;
    expect(moving.code).toBe(1);
    expect(moving.output).toContain(`The app (process ${process.pid}) has the embedded database in ${dir} open`);

    expect(await tableStats(pgliteConn(client))).toEqual(before);
    expect(fs.readFileSync(path.join(dir, "between-us.pid"), "utf8")).toBe(String(process.pid));
  });

  test("the socket goes when the database closes, and a stale one left by a killed app is replaced at the next start", SLOW, async () => {
    await app!.close();
    app = undefined;
    expect(fs.existsSync(socketPath)).toBe(false);

    // A process killed while listening leaves its socket file behind, with nobody answering.
    const killed = spawn(process.execPath, [
      "-e",
      `require("node:net").createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, "SIGKILL"))`,
    ]);
    await new Promise((resolve) => killed.on("close", resolve));
    expect(fs.statSync(socketPath).isSocket()).toBe(true);
    await expect(ask("backup\n")).rejects.toThrow(/ECONNREFUSED/);

    app = await openDb({ pgliteDir: dir });
    const answer = await askRaw("backup\n");
    const newline = answer.indexOf(0x0a);
    const header = JSON.parse(answer.subarray(0, newline).toString("utf8")) as { ok: boolean; bytes: number };
    expect(header.ok).toBe(true);
    expect(answer.length - newline - 1).toBe(header.bytes);
  });
});
