import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWARENESS_PERSON, MAX_AWARENESS_CLIENTS } from "@/lib/collab/limits";
import { agendaDocumentName } from "@/lib/collab/names";
import { startCollabServer } from "@/lib/collab/server";
import type { Actor } from "@/lib/policy";
import { connect, sendRawAwareness, waitFor, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { issueAgendaToken } from "./collab";
import { startSeries } from "./series";

const within = <T>(p: Promise<T>, ms: number, fallback: T) => Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), ms))]);
/** A caret where y-tiptap puts one: two Yjs relative positions; `mark` makes it recognisable. */
const caret = (mark: number) => {
  const at = { type: null, tname: null, item: { client: 7, clock: mark }, assoc: 0 };
  return { anchor: at, head: at };
};
type Shown = { user?: { name?: string; color?: string }; cursor?: { anchor?: { item?: { clock?: number } } } } & Record<string, unknown>;
const shown = (observer: Client, clientId: number) => observer.provider.awareness!.getStates().get(clientId) as Shown | undefined;
const markOf = (state: Shown | undefined) => state?.cursor?.anchor?.item?.clock;

/**
 * Carets over the socket (y-protocols awareness) from a raw client with a valid token: each one
 * carries the server's name for its sender, only a caret's fields, never another person's slot,
 * within a size and a rate.
 */
describe("awareness on the collaboration socket", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let meetingId = "";
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];
  const open = async (person: Actor) => {
    const c = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(person, { meetingId })).token);
    clients.push(c);
    expect(await c.outcome).toBe("synced");
    return c;
  };
  let clock = 1_000_000;

  beforeAll(async () => {
    for (const name of ["manager", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it("shows a caret under the sender's real name whatever name the client sends, or none, and with nothing but the caret", async () => {
    const report = await open(who.report1);
    const manager = await open(who.manager);
    const me = report.doc.clientID;
    await sendRawAwareness(report, [
      { clientId: me, clock: ++clock, state: { user: { name: who.manager.name, color: "#000000" }, cursor: caret(11), note: "x".repeat(500) } },
    ]);
    await waitFor(() => markOf(shown(manager, me)) === 11, 5000, "the report's caret");
    expect(shown(manager, me)?.user?.name).toBe(who.report1.name);
    expect(shown(manager, me)?.user?.color).not.toBe("#000000");
    expect(Object.keys(shown(manager, me)!).sort()).toEqual(["cursor", "user"]);
    // No user field at all: the editor would label the caret with whatever the state says; the server names it.
    await sendRawAwareness(report, [{ clientId: me, clock: ++clock, state: { cursor: caret(12), name: who.manager.name } }]);
    await waitFor(() => markOf(shown(manager, me)) === 12, 5000, "the report's second caret");
    expect(shown(manager, me)?.user?.name).toBe(who.report1.name);
    // A caret of another shape (a string, a position with a script) is dropped; the name stays.
    await sendRawAwareness(report, [
      { clientId: me, clock: ++clock, state: { user: { name: "Nobody" }, cursor: { anchor: "<img onerror=alert(1)>", head: 1 } } },
    ]);
    await waitFor(() => shown(manager, me)?.cursor === undefined, 5000, "the caret without its malformed position");
    expect(shown(manager, me)?.user?.name).toBe(who.report1.name);
  });

  it("never lets one person's connection speak for another person's caret, nor for more than a few clients", async () => {
    const manager = await open(who.manager);
    const report = await open(who.report1);
    const observer = await open(who.manager);
    const theirs = manager.doc.clientID;
    await sendRawAwareness(manager, [{ clientId: theirs, clock: ++clock, state: { cursor: caret(21) } }]);
    await waitFor(() => markOf(shown(observer, theirs)) === 21, 5000, "the manager's caret");
    await sendRawAwareness(report, [{ clientId: report.doc.clientID, clock: ++clock, state: { cursor: caret(20) } }]);
    // The report writes the manager's slot (a higher clock wins in y-protocols), and twenty more.
    const invented = Array.from({ length: 20 }, (_, i) => ({ clientId: 900_000 + i, clock: ++clock, state: { cursor: caret(23) } }));
    await sendRawAwareness(report, [{ clientId: theirs, clock: clock + 1_000, state: { user: { name: who.manager.name }, cursor: caret(22) } }, ...invented]);
    // Then a caret of its own: once the observer sees it, the message before was handled too.
    await sendRawAwareness(report, [{ clientId: report.doc.clientID, clock: clock + 2_000, state: { cursor: caret(24) } }]);
    await waitFor(() => markOf(shown(observer, report.doc.clientID)) === 24, 5000, "the report's own caret");
    expect(markOf(shown(observer, theirs))).toBe(21);
    expect(shown(observer, theirs)?.user?.name).toBe(who.manager.name);
    // The report's connection holds its own client and at most MAX_AWARENESS_CLIENTS - 1 more.
    expect(invented.filter(({ clientId }) => shown(observer, clientId)).length).toBeLessThanOrEqual(MAX_AWARENESS_CLIENTS - 1);
  });

  it("closes a connection that sends an awareness message larger than a caret, and shows nothing of it", async () => {
    const report = await open(who.report1);
    const manager = await open(who.manager);
    const me = report.doc.clientID;
    await sendRawAwareness(report, [{ clientId: me, clock: ++clock, state: { cursor: caret(31), padding: "p".repeat(64 * 1024) } }]);
    expect(await within(report.closed, 5_000, "still open")).toBe("awareness-too-large");
    await new Promise((r) => setTimeout(r, 300));
    expect(markOf(shown(manager, me))).not.toBe(31);
  });

  it("drops carets beyond the rate, per connection and per person, and keeps the connection", async () => {
    const document = () => server.server.hocuspocus.documents.get(agendaDocumentName(meetingId))!;
    const one = await open(who.report1);
    const two = await open(who.report1);
    const observer = await open(who.manager);
    let applied = 0;
    const ids = new Set([one.doc.clientID, two.doc.clientID]);
    const count = ({ updated, added }: { updated: number[]; added: number[] }) => {
      applied += [...updated, ...added].filter((id) => ids.has(id)).length;
    };
    document().awareness.on("update", count);
    const started = Date.now();
    // 1,000 carets as fast as the socket carries them, from each of two connections of one person.
    for (let i = 0; i < 1_000; i++) {
      for (const c of [one, two]) await sendRawAwareness(c, [{ clientId: c.doc.clientID, clock: ++clock, state: { cursor: caret(40) } }]);
    }
    // Each connection's messages are handled in order: once its next caret shows, its flood was handled.
    await new Promise((r) => setTimeout(r, 1_500));
    for (const [c, mark] of [
      [one, 41],
      [two, 42],
    ] as const) {
      await sendRawAwareness(c, [{ clientId: c.doc.clientID, clock: ++clock, state: { cursor: caret(mark) } }]);
      await waitFor(() => markOf(shown(observer, c.doc.clientID)) === mark, 5000, "the caret after the flood");
    }
    const seconds = (Date.now() - started) / 1000;
    document().awareness.off("update", count);
    expect(applied).toBeGreaterThan(2);
    expect(applied).toBeLessThanOrEqual(AWARENESS_PERSON.burst + AWARENESS_PERSON.perSecond * seconds + 2);
    // Dropped, not closed.
    expect(await within(one.closed, 10, "still open")).toBe("still open");
    expect(await within(two.closed, 10, "still open")).toBe("still open");
  });
});
