import { describe, expect, it } from "vitest";
import { templates } from "@/db/schema";
import { actorOf, useTestDatabase } from "@/test/db";
import { navigationOf } from "./navigation";

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
});
