import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { agendaDocumentName, noteDocumentName, YJS_FIELD } from "@/lib/collab/names";
import { startCollabServer } from "@/lib/collab/server";
import { filterErrorsInLogs } from "@/lib/log";
import type { Actor } from "@/lib/policy";
import { connect, sendRawUpdate, updateOf, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { issueAgendaToken, issueNoteToken } from "./collab";
import { startSeries } from "./series";

const within = <T>(p: Promise<T>, ms: number, fallback: T) => Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), ms))]);

/**
 * The log stays quiet and useful, and never carries what people wrote. A refused update is one line that says
 * which refusal and which kind of document, with no stack and nothing the person wrote; the
 * library's own report of it (Hocuspocus prints every error a hook throws) is not printed.
 */
describe("the collaboration server's log", () => {
  const t = useTestDatabase();
  const printed: string[] = [];
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];
  let manager: Actor;
  let report: Actor;
  let meetingId = "";

  beforeAll(async () => {
    // What reaches the terminal: captured under the filter the app installs at start.
    for (const method of ["error", "warn", "log", "info"] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void printed.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")),
      );
    }
    filterErrorsInLogs();
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
    [{ meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
    vi.restoreAllMocks();
  });

  it("prints one line per refused update: the refusal and the document's kind, no stack, no content", async () => {
    // An agenda update nested past the limit, whose text is a secret.
    const agenda = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(manager, { meetingId })).token);
    clients.push(agenda);
    expect(await agenda.outcome).toBe("synced");
    const deep = updateOf(agenda, (doc) => {
      let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(YJS_FIELD);
      for (let i = 0; i < 40; i++) {
        const child: Y.XmlElement = new Y.XmlElement(i % 2 ? "listItem" : "bulletList");
        parent.insert(0, [child]);
        parent = child;
      }
      const text = new Y.XmlText();
      text.insert(0, "secret agenda words");
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [text]);
      parent.insert(0, [p]);
    });
    await sendRawUpdate(agenda, deep);
    expect(await within(agenda.closed, 5_000, "still open")).toBe("refused:document-too-deep");

    // A note update that cannot be decoded.
    const note = connect(server.port, noteDocumentName(meetingId, report.id), (await issueNoteToken(report, { meetingId })).token);
    clients.push(note);
    expect(await note.outcome).toBe("synced");
    const good = updateOf(note, (doc) => {
      const text = new Y.XmlText();
      text.insert(0, "secret note words");
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [text]);
      doc.getXmlFragment(YJS_FIELD).push([p]);
    });
    // [clients=1][structs=n]...[delete set: 0] → structs n+1, a junk byte before the final 0.
    expect(good[0]).toBe(1);
    const bad = new Uint8Array(good.length + 1);
    bad.set(good.subarray(0, good.length - 1));
    bad[1] = good[1] + 1;
    bad[good.length - 1] = 0x07;
    await sendRawUpdate(note, bad);
    expect(await within(note.closed, 5_000, "still open")).toBe("refused:update-malformed");

    await new Promise((r) => setTimeout(r, 100));
    const refusals = printed.filter((line) => /refused/.test(line));
    expect(refusals).toEqual([
      "collab: refused an update (refused:document-too-deep) to agenda",
      "collab: refused an update (refused:update-malformed) to note",
    ]);
    expect(printed.join("\n")).not.toMatch(/secret|closing connection|\bat .*\.(ts|js|mjs):\d+/);
  });
});
