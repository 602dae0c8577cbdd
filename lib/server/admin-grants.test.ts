import { describe, expect, it } from "vitest";
import { adminGrants } from "@/db/schema";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { setOrgRole } from "./accounts";
import { listOrgAdmins } from "./admin-grants";
import { confirmImport, previewImport } from "./people-import";
import { listPeople } from "./users";

/** Making an admin is in nobody's access log: every path that makes one records who did, and the org's pages show it. */
describe("who made each admin", () => {
  const t = useTestDatabase();

  it("records a promotion on the People page and on a member's Privacy page, with who promoted and when", async () => {
    const admin = await actorOf(t.db, "admin@demo.test");
    const manager2 = await actorOf(t.db, "manager2@demo.test");
    await setOrgRole(admin, { userId: manager2.id, orgRole: "admin" });
    const row = (await listPeople(admin)).admins.find((a) => a.name === "Marcus Bennett");
    expect(row).toMatchObject({ via: "role_change", grantedByName: "Grace Whitfield", grantedAt: expect.any(Date) });
    const report = await actorOf(t.db, "report5@demo.test");
    expect((await listOrgAdmins(report)).map((a) => a.name)).toEqual(["Grace Whitfield", "Marcus Bennett"]);
    // Stepping down takes them off both lists; the grant stays as history.
    await setOrgRole(admin, { userId: manager2.id, orgRole: "member" });
    expect((await listOrgAdmins(report)).map((a) => a.name)).toEqual(["Grace Whitfield"]);
  });

  it("records admins a people import creates or promotes, and nobody it leaves a member", async () => {
    const admin = await actorOf(t.db, "admin@demo.test");
    const csv = "email,name,role\nnew-admin@demo.test,Nora Newadmin,admin\nreport6@demo.test,Hannah Kowalski,admin\nnew-member@demo.test,Milo Member,member";
    const screen = await previewImport(admin, { csv });
    if (!screen.ok) throw new Error(screen.error);
    await confirmImport(admin, { text: screen.text, planHash: screen.planHash }, "http://localhost:3000");
    const admins = (await listPeople(admin)).admins.filter((a) => a.via === "import");
    expect(admins.map((a) => `${a.name} by ${a.grantedByName}`)).toEqual(["Hannah Kowalski by Grace Whitfield", "Nora Newadmin by Grace Whitfield"]);
  });

  it("refuses a member promoting anyone, recording nothing", async () => {
    const member = await actorOf(t.db, "report7@demo.test");
    const before = await t.db.select().from(adminGrants);
    await expectRefusedUnchanged(t.db, () => setOrgRole(member, { userId: member.id, orgRole: "admin" }), "forbidden");
    expect(await t.db.select().from(adminGrants)).toEqual(before);
    await expectRefusedUnchanged(t.db, () => listPeople(member), "forbidden");
  });
});
