import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agendaDocuments, collabDocuments, collabUpdates, privateNotes, reportingLines } from "@/db/schema";
import { startCollabServer } from "@/lib/collab/server";
import { agendaDocumentName, noteDocumentName } from "@/lib/collab/names";
import { deriveJSON } from "@/lib/collab/yjs";
import { checkDocument } from "@/lib/editor/document";
import type { Actor } from "@/lib/policy";
import { acknowledged, allText, connect, paragraphText, storedNoteText, typeInto, waitFor, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { issueAgendaToken, issueNoteToken, signCollabToken } from "./collab";
import { completeMeeting, startMeeting } from "./meetings";
import { startSeries } from "./series";

/**
 * The shared agenda's guarantees, proved on the collaboration server itself (Hocuspocus in this process, on a free port, on
 * the test database): tokens, refusals, real-time merging, "acknowledged means stored", the
 * JSON derived from the Yjs state, and the migration of an existing agenda.
 */
describe("the real-time documents", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let meetingId = "";
  let otherMeetingId = "";
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];
  const open = (name: string, token: string) => {
    const c = connect(server.port, name, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    [{ meetingId: otherMeetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] }));
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 300 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it("opens the agenda for the manager and the report, with the migrated agenda's text", async () => {
    const [stored] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId));
    const m = open(agendaDocumentName(meetingId), (await issueAgendaToken(who.manager, { meetingId })).token);
    expect(await m.outcome).toBe("synced");
    // An agenda stored before real-time editing (headings, lists, task items) becomes a Yjs
    // document that gives back the same ProseMirror JSON (the schema's normal form, with each
    // attribute's default filled in, as every saved document is stored): nothing lost.
    const normal = checkDocument(stored.content);
    expect(normal.ok).toBe(true);
    expect(deriveJSON(m.doc)).toEqual(normal);
    // The agenda made from the first-meeting template before any real-time edit: same text.
    expect(allText(m.doc)).toContain("Our first one-on-one");
    const [row] = await t.db
      .select()
      .from(collabDocuments)
      .where(eq(collabDocuments.name, agendaDocumentName(meetingId)));
    expect(row.state.byteLength).toBeGreaterThan(10);
    m.destroy();
  });

  it("merges two people typing in the same paragraph at once: both texts survive, in both copies", async () => {
    const name = agendaDocumentName(meetingId);
    const m = open(name, (await issueAgendaToken(who.manager, { meetingId })).token);
    const r = open(name, (await issueAgendaToken(who.report1, { meetingId })).token);
    expect(await m.outcome).toBe("synced");
    expect(await r.outcome).toBe("synced");
    const before = paragraphText(m.doc, 0).length;
    // Both insert into the same paragraph before either sees the other's change.
    typeInto(m.doc, " MANAGER-TYPED", "end", 0);
    typeInto(r.doc, "REPORT-TYPED ", 0, 0);
    await acknowledged(m.provider);
    await acknowledged(r.provider);
    await waitFor(() => paragraphText(m.doc) === paragraphText(r.doc) && paragraphText(m.doc).length === before + 27, 5000, "convergence");
    expect(paragraphText(m.doc)).toMatch(/^REPORT-TYPED .* MANAGER-TYPED$/);
  });

  it("shows each caret with the signed-in person's name, whatever the client claims", async () => {
    const name = agendaDocumentName(meetingId);
    const m = open(name, (await issueAgendaToken(who.manager, { meetingId })).token);
    const r = open(name, (await issueAgendaToken(who.report1, { meetingId })).token);
    expect(await m.outcome).toBe("synced");
    expect(await r.outcome).toBe("synced");
    m.provider.awareness!.setLocalStateField("user", { name: "Somebody Else", color: "#000000" });
    const seen = () => [...r.provider.awareness!.getStates().values()].map((s) => (s as { user?: { name?: string } }).user?.name);
    await waitFor(() => seen().includes(who.manager.name), 5000, "the manager's caret");
    expect(seen()).not.toContain("Somebody Else");
  });

  it("stores an update before acknowledging it, and derives the agenda's JSON and search text from the Yjs state", async () => {
    const name = agendaDocumentName(meetingId);
    const m = open(name, (await issueAgendaToken(who.manager, { meetingId })).token);
    expect(await m.outcome).toBe("synced");
    typeInto(m.doc, "ACKED-MARKER", "end", 0);
    await acknowledged(m.provider);
    // Acknowledged: already in the update log (or merged into the state), whatever happens next.
    const stored = await t.db.select().from(collabUpdates).where(eq(collabUpdates.name, name));
    const [state] = await t.db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
    const Y = await import("yjs");
    const check = new Y.Doc();
    Y.applyUpdate(check, state.state);
    for (const u of stored) Y.applyUpdate(check, u.update);
    expect(allText(check)).toContain("ACKED-MARKER");
    // The debounced store compacts and derives the JSON used by pages, search, history and export.
    await new Promise((r) => setTimeout(r, 2_600));
    const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId));
    expect(JSON.stringify(agenda.content)).toContain("ACKED-MARKER");
    expect(agenda.searchText).toContain("ACKED-MARKER");
    expect(agenda.searchText).toContain("MANAGER-TYPED");
  });

  it("never lets an unsafe link into the derived JSON, whatever a raw client writes", async () => {
    const name = agendaDocumentName(meetingId);
    const m = open(name, (await issueAgendaToken(who.manager, { meetingId })).token);
    expect(await m.outcome).toBe("synced");
    const Y = await import("yjs");
    m.doc.transact(() => {
      const p = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      p.insert(0, [text]);
      m.doc.getXmlFragment("default").push([p]);
      text.insert(0, "click-me-please", { link: { href: "javascript:alert(1)" } });
    });
    await acknowledged(m.provider);
    await new Promise((r) => setTimeout(r, 2_600));
    const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId));
    const json = JSON.stringify(agenda.content);
    expect(json).toContain("click-me-please");
    expect(json).not.toContain("javascript:");
  });

  describe("refuses", () => {
    const refused = async (name: string, token: string) => {
      const c = open(name, token);
      const outcome = await c.outcome;
      expect(outcome).toMatch(/^refused:/);
      expect(allText(c.doc)).toBe("");
      return outcome;
    };

    it("a token issued for another document", async () => {
      const { token } = await issueAgendaToken(who.manager, { meetingId: otherMeetingId });
      await refused(agendaDocumentName(meetingId), token);
    });

    it("an expired token", async () => {
      const token = await signCollabToken({ userId: who.manager.id, documentName: agendaDocumentName(meetingId), sessionVersion: 0 }, -5);
      expect(await refused(agendaDocumentName(meetingId), token)).toBe("refused:unauthenticated");
    });

    it("a forged token (signed with another key) and a token that is no token at all", async () => {
      const forged = await new SignJWT({ doc: agendaDocumentName(meetingId), sv: 0 })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(who.manager.id)
        .setAudience("between-us-collab")
        .setExpirationTime("2m")
        .sign(new TextEncoder().encode("not the app's secret, at least 32 bytes long"));
      expect(await refused(agendaDocumentName(meetingId), forged)).toBe("refused:unauthenticated");
      await refused(agendaDocumentName(meetingId), "garbage");
      // An unsigned token ("alg": "none") is refused too.
      const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ sub: who.manager.id, doc: agendaDocumentName(meetingId), sv: 0, aud: "between-us-collab", exp: 9e9 })).toString("base64url")}.`;
      await refused(agendaDocumentName(meetingId), none);
    });

    it.each([
      // Outsiders are not told the meeting exists; the admin knows the series but may not read it.
      ["the manager of another pair", "manager2", "not_found"],
      ["a report of another pair of the same manager", "report2", "not_found"],
      ["a report in another team", "report9", "not_found"],
      ["the org admin (metadata only)", "admin", "forbidden"],
    ] as const)("%s, even with a validly signed token for the agenda", async (_, key, code) => {
      await expect(issueAgendaToken(who[key], { meetingId })).rejects.toMatchObject({ code });
      const token = await signCollabToken({ userId: who[key].id, documentName: agendaDocumentName(meetingId), sessionVersion: 0 });
      await refused(agendaDocumentName(meetingId), token);
    });

    it("the report opening the manager's private-note document, however the token was come by", async () => {
      const managerNote = noteDocumentName(meetingId, who.manager.id);
      // The manager writes in their note.
      const m = open(managerNote, (await issueNoteToken(who.manager, { meetingId })).token);
      expect(await m.outcome).toBe("synced");
      typeInto(m.doc, "MANAGER-SECRET-NOTE");
      await acknowledged(m.provider);
      // The note token the report can get names the report's own note, never the manager's.
      const own = await issueNoteToken(who.report1, { meetingId });
      expect(own.documentName).toBe(noteDocumentName(meetingId, who.report1.id));
      await refused(managerNote, own.token);
      // A validly signed token naming the manager's note for the report: refused by the server.
      const crafted = await signCollabToken({ userId: who.report1.id, documentName: managerNote, sessionVersion: 0 });
      await refused(managerNote, crafted);
      // The manager's own token, replayed on the report's note document, opens nothing either.
      await refused(noteDocumentName(meetingId, who.report1.id), (await issueNoteToken(who.manager, { meetingId })).token);
      // And the shared agenda never holds the note.
      const a = open(agendaDocumentName(meetingId), (await issueAgendaToken(who.report1, { meetingId })).token);
      expect(await a.outcome).toBe("synced");
      expect(allText(a.doc)).not.toContain("MANAGER-SECRET-NOTE");
      // The note's derived JSON is the manager's own row, and no other row holds its text.
      await new Promise((r) => setTimeout(r, 2_600));
      const rows = await t.db.select().from(privateNotes);
      const texts = await Promise.all(rows.map((n) => storedNoteText(n)));
      const holding = rows.filter((_, i) => texts[i].includes("MANAGER-SECRET-NOTE"));
      expect(holding.map((n) => [n.meetingId, n.authorId])).toEqual([[meetingId, who.manager.id]]);
      const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId));
      expect(agenda.searchText).not.toContain("MANAGER-SECRET-NOTE");
    });

    it("a document name that is not one of ours", async () => {
      const token = await signCollabToken({ userId: who.manager.id, documentName: "agenda.not-a-meeting", sessionVersion: 0 });
      await refused("agenda.not-a-meeting", token);
    });

    it("a token of a session that was signed out everywhere", async () => {
      const { token } = await issueAgendaToken(who.manager, { meetingId });
      const { signOutEverywhere } = await import("./accounts");
      const manager2 = who.manager2;
      await signOutEverywhere(manager2);
      const stale = await signCollabToken({ userId: manager2.id, documentName: agendaDocumentName(meetingId), sessionVersion: 0 });
      await refused(agendaDocumentName(meetingId), stale);
      // (The manager's own fresh token still works.)
      const ok = open(agendaDocumentName(meetingId), token);
      expect(await ok.outcome).toBe("synced");
    });
  });

  it("refuses raw updates to a completed meeting's agenda and stores none: on an open connection, and on a new one", async () => {
    const report = await actorOf(t.db, "report3@demo.test");
    const [{ meetingId: mid }] = await startSeries(who.manager, seriesInput({ reportIds: [report.id] }));
    const name = agendaDocumentName(mid);
    const Y = await import("yjs");
    const storedText = async () => {
      const [state] = await t.db.select().from(collabDocuments).where(eq(collabDocuments.name, name));
      const log = await t.db.select().from(collabUpdates).where(eq(collabUpdates.name, name));
      const check = new Y.Doc();
      Y.applyUpdate(check, state.state);
      for (const u of log) Y.applyUpdate(check, u.update);
      const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, mid));
      return `${allText(check)}\n${JSON.stringify(agenda.content)}`;
    };
    const m = open(name, (await issueAgendaToken(who.manager, { meetingId: mid })).token);
    expect(await m.outcome).toBe("synced");
    typeInto(m.doc, "BEFORE-COMPLETION");
    await acknowledged(m.provider);
    await startMeeting(who.manager, { meetingId: mid });
    await completeMeeting(report, { meetingId: mid });
    // The connection opened while the meeting was under way: its next update is refused and the editor closed.
    typeInto(m.doc, " AFTER-COMPLETION");
    expect(await Promise.race([m.closed, new Promise((r) => setTimeout(() => r("still open"), 5_000))])).toBe("meeting-completed");
    // A connection opened after completion is read-only: it reads the agenda, and nothing it sends is stored or passed on.
    const r = open(name, (await issueAgendaToken(report, { meetingId: mid })).token);
    expect(await r.outcome).toBe("synced");
    expect(allText(r.doc)).toContain("BEFORE-COMPLETION");
    typeInto(r.doc, " READ-ONLY-TRY");
    await new Promise((done) => setTimeout(done, 1_000));
    expect(r.provider.hasUnsyncedChanges).toBe(true);
    const third = open(name, (await issueAgendaToken(who.manager, { meetingId: mid })).token);
    expect(await third.outcome).toBe("synced");
    expect(allText(third.doc)).not.toMatch(/AFTER-COMPLETION|READ-ONLY-TRY/);
    // After the debounced store too: the log, the state and the derived JSON hold neither.
    await new Promise((done) => setTimeout(done, 2_600));
    const stored = await storedText();
    expect(stored).toContain("BEFORE-COMPLETION");
    expect(stored).not.toMatch(/AFTER-COMPLETION|READ-ONLY-TRY/);
  });

  it("closes the connection when access is removed during the session, and refuses the next token", async () => {
    const [{ meetingId: mid, seriesId }] = await startSeries(who.manager2, seriesInput({ reportIds: [(await actorOf(t.db, "report10@demo.test")).id] }));
    const name = agendaDocumentName(mid);
    const c = open(name, (await issueAgendaToken(who.manager2, { meetingId: mid })).token);
    expect(await c.outcome).toBe("synced");
    // The reporting line ends today: the manager no longer reads or writes the pair's content.
    const { series } = await import("@/db/schema");
    const [s] = await t.db.select({ lineId: series.reportingLineId }).from(series).where(eq(series.id, seriesId));
    await t.db
      .update(reportingLines)
      .set({ activeFrom: utcDay(-30), activeTo: utcDay(0) })
      .where(eq(reportingLines.id, s.lineId));
    expect(await Promise.race([c.closed, new Promise((r) => setTimeout(() => r("still open"), 5_000))])).toBe("access-removed");
    // Once the line ends the covering manager has no relation to the series left.
    await expect(issueAgendaToken(who.manager2, { meetingId: mid })).rejects.toMatchObject({ code: "not_found" });
  });
});
