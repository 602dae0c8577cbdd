import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { dumpAll, fingerprintAll, useTestDatabase } from "@/test/db";

// "A refused call changed no row" rests on this digest (test/access-matrix.test.ts, expectRefusedUnchanged).
describe("the tables' fingerprint", () => {
  const t = useTestDatabase();

  it("has an entry for every table dumpAll reads, and is the same when nothing changed", async () => {
    const first = await fingerprintAll(t.db);
    expect(Object.keys(first).length).toBe(Object.keys(await dumpAll(t.db)).length);
    expect(await fingerprintAll(t.db)).toEqual(first);
  });

  it("changes for exactly the table whose row changed, and back when the change is undone", async () => {
    const before = await fingerprintAll(t.db);
    const [someone] = await t.db.select().from(users).limit(1);
    await t.db
      .update(users)
      .set({ name: `${someone.name}.` })
      .where(eq(users.id, someone.id));
    const after = await fingerprintAll(t.db);
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual(["users"]);
    await t.db.update(users).set({ name: someone.name }).where(eq(users.id, someone.id));
    expect(await fingerprintAll(t.db)).toEqual(before);
  });
});
