import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingLines } from "@/db/schema";
import { agendaDocumentName, noteDocumentName } from "@/lib/collab/names";
import { startCollabServer } from "@/lib/collab/server";
import type { Actor } from "@/lib/policy";
import { connect, type Client } from "@/test/collab";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { signOutEverywhere } from "./accounts";
import { issueAgendaToken, issueNoteToken } from "./collab";
import { startSeries } from "./series";
import { endReportingLine } from "./users";

const within = <T>(p: Promise<T>, ms: number, fallback: T) => Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), ms))]);

/**
 * Access ends at once, so a person removed from a pair reads nothing more. The periodic check is set to a minute here, so a
 * connection closed within a second was closed by the event of the action that ended access.
 */
describe("open connections when access ends", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let server: Awaited<ReturnType<typeof startCollabServer>>;
  const clients: Client[] = [];

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report7", "report10"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    server = await startCollabServer({ port: 0, address: "127.0.0.1", recheckMs: 60_000 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it("closes a person's connections the moment they sign out everywhere, and no one else's", async () => {
    const [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report7.id] }));
    const mine = connect(server.port, noteDocumentName(meetingId, who.report7.id), (await issueNoteToken(who.report7, { meetingId })).token);
    const theirs = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(who.manager, { meetingId })).token);
    clients.push(mine, theirs);
    expect(await mine.outcome).toBe("synced");
    expect(await theirs.outcome).toBe("synced");
    await signOutEverywhere(who.report7);
    expect(await within(mine.closed, 1_000, "still open")).toBe("access-removed");
    expect(await within(theirs.closed, 300, "still open")).toBe("still open");
  });

  it("closes the manager's agenda connection the moment the admin ends the reporting line", async () => {
    const [{ meetingId }] = await startSeries(who.manager2, seriesInput({ reportIds: [who.report10.id] }));
    const c = connect(server.port, agendaDocumentName(meetingId), (await issueAgendaToken(who.manager2, { meetingId })).token);
    clients.push(c);
    expect(await c.outcome).toBe("synced");
    const [line] = await t.db.select().from(reportingLines).where(eq(reportingLines.reportId, who.report10.id));
    await t.db
      .update(reportingLines)
      .set({ activeFrom: utcDay(-30) })
      .where(eq(reportingLines.id, line.id));
    await endReportingLine(who.admin, { lineId: line.id, activeTo: utcDay(0) });
    expect(await within(c.closed, 1_000, "still open")).toBe("access-removed");
  });
});
