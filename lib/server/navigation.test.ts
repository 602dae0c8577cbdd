import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countStatements } from "@/db/count-statements";
import { templates, users } from "@/db/schema";
import { actorOf, useTestDatabase } from "@/test/db";
import { navigationOf } from "./navigation";
import { viewerTimeZone } from "./profile";
import { loadActor } from "./users";

// The main navigation lists a page only when it holds something for the person.
describe("what the main navigation offers", () => {
  const t = useTestDatabase();

  it("offers a manager their team and templates, and nothing of the admin's", async () => {
    expect(await navigationOf(await actorOf(t.db, "manager@demo.test"))).toEqual({ team: true, templates: true, people: false, outbox: false });
  });

  it("offers a report neither an empty team page nor templates", async () => {
    expect(await navigationOf(await actorOf(t.db, "report1@demo.test"))).toEqual({ team: false, templates: false, people: false, outbox: false });
  });

  it("offers a report who kept templates of their own the templates page, still no team", async () => {
    const report = await actorOf(t.db, "report2@demo.test");
    await t.db.insert(templates).values({ ownerId: report.id, kind: "mentorship", name: "Mine", content: { type: "doc", content: [] } });
    expect(await navigationOf(report)).toMatchObject({ team: false, templates: true });
  });

  it("offers an admin the people and outbox pages", async () => {
    expect(await navigationOf(await actorOf(t.db, "admin@demo.test"))).toMatchObject({ people: true, outbox: true });
  });

  it("reads the navigation and the person's zone with the person, in the one statement a request reads them by", async () => {
    const [row] = await t.db.select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.email, "manager@demo.test"));
    await t.db.update(users).set({ timeZone: "Europe/Lisbon" }).where(eq(users.id, row!.id));
    let actor: Awaited<ReturnType<typeof loadActor>> = null;
    expect(await countStatements(t.db, async () => void (actor = await loadActor(row!.id, row!.sv)))).toBe(1);
    let answers: unknown[] = [];
    expect(await countStatements(t.db, async () => void (answers = [await navigationOf(actor!), await viewerTimeZone(actor!)]))).toBe(0);
    // The same answers as asked separately, for an actor read some other way.
    const separately = await actorOf(t.db, "manager@demo.test");
    expect(answers).toEqual([await navigationOf(separately), await viewerTimeZone(separately)]);
    expect(answers).toEqual([{ team: true, templates: true, people: false, outbox: false }, "Europe/Lisbon"]);
  });
});
