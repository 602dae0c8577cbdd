import net from "node:net";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agendaDocumentName } from "@/lib/collab/names";
import { startCollabServer } from "@/lib/collab/server";
import type { Actor } from "@/lib/policy";
import { connect } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { issueAgendaToken } from "./collab";
import { startSeries } from "./series";

const UPGRADE = (port: number) =>
  `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** One masked binary WebSocket frame (a client's frames are masked; a zero mask keeps the bytes). */
function frame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const head = length < 126 ? Buffer.from([0x82, 0x80 | length]) : Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff]);
  return Buffer.concat([head, Buffer.alloc(4), Buffer.from(payload)]);
}

/** The Hocuspocus message that authenticates a document: [name][Auth][Token][token]. */
function authMessage(name: string, token: string) {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, name);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint(e, 0);
  encoding.writeVarString(e, token);
  return encoding.toUint8Array(e);
}

/** A raw socket to the server; `script` writes and then resets it (RST, as a browser tab closing). */
function abort(port: number, script: (socket: net.Socket, upgraded: Promise<void>) => Promise<void>) {
  return new Promise<void>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => {});
    socket.on("close", () => resolve());
    const upgraded = new Promise<void>((r) => socket.once("data", () => r()));
    socket.once("connect", () => {
      void script(socket, upgraded).finally(() => {
        if (!socket.destroyed) socket.resetAndDestroy();
      });
    });
  });
}

/**
 * One closed tab must not crash the server for everyone: a browser that aborts (a tab closed mid-handshake or mid-message) never
 * reaches process.on("uncaughtException"): every socket the server holds has an error handler.
 */
describe("the collaboration server when a client aborts", () => {
  const t = useTestDatabase();
  let manager: Actor;
  let meetingId = "";
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    const report = await actorOf(t.db, "report1@demo.test");
    [{ meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000 });
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
  });
  afterAll(async () => {
    process.off("uncaughtException", record);
    process.off("unhandledRejection", record);
    await server?.stop();
  });

  it("reaches no uncaughtException whenever the socket is reset, and still serves the next person", async () => {
    const port = server.port;
    const name = agendaDocumentName(meetingId);
    const { token } = await issueAgendaToken(manager, { meetingId });
    const auth = frame(authMessage(name, token));
    const scripts: Array<[string, (socket: net.Socket, upgraded: Promise<void>) => Promise<void>]> = [
      ["mid-headers", async (s) => void s.write(UPGRADE(port).slice(0, 40))],
      ["right after the upgrade request", async (s) => void s.write(UPGRADE(port))],
      [
        "mid-frame, before authentication",
        async (s, up) => {
          s.write(UPGRADE(port));
          await up;
          s.write(auth.subarray(0, 5));
        },
      ],
      [
        "during authentication",
        async (s, up) => {
          s.write(UPGRADE(port));
          await up;
          s.write(auth);
        },
      ],
      [
        "mid-message, after authentication",
        async (s, up) => {
          s.write(UPGRADE(port));
          await up;
          s.write(auth);
          await new Promise((r) => setTimeout(r, 50));
          s.write(frame(new Uint8Array(2_000)).subarray(0, 1_000));
        },
      ],
      ["mid-request, plain HTTP", async (s) => void s.write("GET / HTTP/1.1\r\nHost: x\r\n")],
      ["before reading an HTTP answer", async (s) => void s.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")],
    ];
    for (const [, script] of scripts) {
      // Several times each: the reset races the server's own steps.
      await Promise.all(Array.from({ length: 8 }, () => abort(port, script)));
    }
    // Let the server notice every reset.
    await new Promise((r) => setTimeout(r, 300));
    expect(uncaught.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)))).toEqual([]);
    const c = connect(port, name, (await issueAgendaToken(manager, { meetingId })).token);
    expect(await c.outcome).toBe("synced");
    c.destroy();
  });
});
