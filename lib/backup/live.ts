// The live backup of the embedded database. PGlite is one process's database, so `npm run backup`
// cannot open a folder the app has open; instead the app answers backup requests on a Unix socket
// in that folder (LIVE_BACKUP_SOCKET), and reads the rows itself, over its own PGlite, with the
// same code the script uses on a folder nobody holds (dumpPglite: one consistent state, the app's
// own queries wait for it and then run). It answers with the archive's content (payloadOf); the
// script authenticates it with the backup key and writes the archive as always.
//
// The socket is local and answers one request only, "backup": no SQL, no other command. Only the
// app's own OS user can connect (the socket file is 0600, and it sits in the data folder, which
// holds every row in the clear anyway: whoever can use the socket can already read the folder).
//
// Not marked "server-only": db/client.ts (plain Node in the scripts and tests) starts the server.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { manifestFor, payloadOf } from "./archive";
import { BackupError } from "./database";
import { dumpPglite } from "./dump";

/** The socket's name in the PGlite folder. */
export const LIVE_BACKUP_SOCKET = "backup.sock";

/** The one request the socket answers. */
export const BACKUP_REQUEST = "backup";

// A Unix socket's path has room for 107 bytes on Linux, 103 on macOS.
const MAX_SOCKET_PATH = 103;
// The request is one short line; anything longer is not one.
const MAX_REQUEST = 64;
const REQUEST_TIMEOUT_MS = 10_000;

/** The answer's first line: how many bytes of archive content follow and their SHA-256, or why not. */
type Header = { ok: true; bytes: number; sha256: string } | { ok: false; error: string };

export function liveBackupSocket(dir: string): string {
  return path.join(dir, LIVE_BACKUP_SOCKET);
}

export type LiveBackupServer = { path: string; close: () => Promise<void> };

/**
 * Listens on `<dir>/backup.sock` for backup requests on `pg` (the app's PGlite on that folder).
 * A socket left by an app that was killed is replaced. Returns null when the path is too long for
 * a socket (the backup script then says to stop the app, as before).
 */
export async function serveLiveBackups(pg: PGlite, dir: string, log: (line: string) => void = console.log): Promise<LiveBackupServer | null> {
  const file = liveBackupSocket(path.resolve(dir));
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) {
    log(`live backup is off: the socket path ${file} is longer than a Unix socket allows; stop the app to back up its database`);
    return null;
  }
  fs.rmSync(file, { force: true });
  // allowHalfOpen: a client that ends its side after a request still gets its answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => answer(socket, pg, log));
  server.maxConnections = 4;
  // Created owner-only (0600) from the start: bind() applies the umask, so there is no moment
  // in which another user could connect before a chmod.
  let umask: number | null = null;
  try {
    umask = process.umask(0o177);
  } catch {
    // A worker thread may not change the umask: the chmod below follows at once.
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(file, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    // The app runs on without it; the backup script then says to stop the app.
    log(`live backup is off: cannot listen on ${file}: ${(error as Error).message}`);
    return null;
  } finally {
    if (umask !== null) process.umask(umask);
  }
  fs.chmodSync(file, 0o600);
  const removeSocket = () => fs.rmSync(file, { force: true });
  // A process that exits without closing the database (Ctrl-C on the app) removes it too.
  process.once("exit", removeSocket);
  return {
    path: file,
    close: async () => {
      process.off("exit", removeSocket);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      removeSocket();
    },
  };
}

function send(socket: net.Socket, header: Header, body?: Buffer) {
  socket.end(body === undefined ? `${JSON.stringify(header)}\n` : Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
}

/** Reads one request line; answers "backup" with a dump, anything else with a refusal. */
function answer(socket: net.Socket, pg: PGlite, log: (line: string) => void) {
  let request = "";
  let done = false;
  const finish = (line: string | null) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.removeAllListeners("data");
    if (line !== BACKUP_REQUEST) {
      send(socket, { ok: false, error: `refused: this socket answers only "${BACKUP_REQUEST}"` });
      return;
    }
    const started = Date.now();
    dumpPglite(pg)
      .then((dump) => payloadOf(manifestFor(dump, "pglite"), dump))
      .then(
        (payload) => {
          log(`live backup: read the embedded database (${payload.length} bytes) in ${Date.now() - started} ms`);
          send(socket, { ok: true, bytes: payload.length, sha256: crypto.createHash("sha256").update(payload).digest("hex") }, payload);
        },
        (error: unknown) => {
          log(`live backup failed: ${(error as Error).message}`);
          send(socket, { ok: false, error: `the app could not dump its database: ${(error as Error).message}` });
        },
      );
  };
  // A client that connects and says nothing is let go.
  const timer = setTimeout(() => finish(null), REQUEST_TIMEOUT_MS);
  socket.setEncoding("utf8");
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: string) => {
    request += chunk;
    const end = request.indexOf("\n");
    if (end !== -1) finish(request.slice(0, end));
    else if (request.length > MAX_REQUEST) finish(null);
  });
  // A request must end with its newline: one cut short is not "backup".
  socket.on("end", () => finish(null));
}

/**
 * Asks the app holding the PGlite folder `dir` (process `owner`) for the archive's content over its
 * socket, and checks what comes back (its size and SHA-256) before anything is written.
 */
export async function requestLiveDump(dir: string, owner: number): Promise<Buffer> {
  const file = liveBackupSocket(path.resolve(dir));
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = net.createConnection(file);
    const chunks: Buffer[] = [];
    socket.on("connect", () => socket.end(`${BACKUP_REQUEST}\n`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(chunks)));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      reject(
        error.code === "ENOENT" || error.code === "ECONNREFUSED"
          ? new BackupError(
              `The app (process ${owner}) has the embedded database in ${dir} open but does not answer backup requests (no socket at ${file}; an older version of the app, or a path too long for a socket). Restart the app and run this again, or stop it (Ctrl-C on npm run dev / npm start) and run this again.`,
            )
          : error.code === "EACCES"
            ? new BackupError(`${file} belongs to another user: run the backup as the user the app runs as.`)
            : new BackupError(`The app (process ${owner}) did not answer the backup request on ${file}: ${error.message}`),
      );
    });
  });
  const newline = raw.indexOf(0x0a);
  let header: Header;
  try {
    header = JSON.parse(raw.subarray(0, newline === -1 ? raw.length : newline).toString("utf8")) as Header;
  } catch {
    throw new BackupError(`The app's answer on ${file} was not a backup (it ended after ${raw.length} bytes). Nothing was written.`);
  }
  if (!header.ok) throw new BackupError(`The app (process ${owner}) refused the backup: ${header.error}. Nothing was written.`);
  const body = raw.subarray(newline + 1);
  if (body.length !== header.bytes || crypto.createHash("sha256").update(body).digest("hex") !== header.sha256) {
    throw new BackupError(`The dump sent by the app was cut short or damaged on the way (${body.length} of ${header.bytes} bytes). Nothing was written.`);
  }
  return body;
}
