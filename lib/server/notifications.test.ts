import { beforeAll, describe, expect, it } from "vitest";
import { notificationOptOuts } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { notificationSettingSchema } from "@/lib/validation/notifications";
import { actorOf, useTestDatabase } from "@/test/db";
import { getNotificationSettings, setNotificationEnabled } from "./notifications";

describe("mail settings", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1", "report9", "manager2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  it("starts with every kind of mail on", async () => {
    expect(await getNotificationSettings(who.report1)).toEqual({ meeting_reminder: true, topic_digest: true });
  });

  it("turns one kind off and on again for the person asking only", async () => {
    await setNotificationEnabled(who.report1, { kind: "meeting_reminder", enabled: false });
    await setNotificationEnabled(who.report1, { kind: "meeting_reminder", enabled: false });
    expect(await t.db.select({ userId: notificationOptOuts.userId, kind: notificationOptOuts.kind }).from(notificationOptOuts)).toEqual([
      { userId: who.report1.id, kind: "meeting_reminder" },
    ]);
    expect(await getNotificationSettings(who.report1)).toEqual({ meeting_reminder: false, topic_digest: true });
    await setNotificationEnabled(who.report1, { kind: "meeting_reminder", enabled: true });
    expect(await t.db.select().from(notificationOptOuts)).toEqual([]);
  });

  it("never lets another pair's report or manager, or the admin, change someone else's settings", async () => {
    await setNotificationEnabled(who.report1, { kind: "topic_digest", enabled: false });
    for (const other of [who.report9, who.manager2, who.admin, who.manager]) {
      // The form carries no person: extra fields are dropped, so only the sender's own row can change.
      const input = notificationSettingSchema.parse({ kind: "topic_digest", enabled: "on", userId: who.report1.id });
      expect(input).not.toHaveProperty("userId");
      await setNotificationEnabled(other, input);
    }
    expect(await getNotificationSettings(who.report1)).toEqual({ meeting_reminder: true, topic_digest: false });
  });

  it("answers unknown kinds and values with field errors", () => {
    const result = notificationSettingSchema.safeParse({ kind: "marketing", enabled: "maybe" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(["enabled", "kind"]);
  });
});
