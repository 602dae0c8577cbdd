import { form, session, signInAs } from "@/test/actions-harness";
import { beforeEach, describe, expect, it } from "vitest";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { THEME_COOKIE } from "@/lib/theme";
import { setThemeAction } from "./actions";

describe("choosing the colour theme", () => {
  const t = useTestDatabase();
  beforeEach(() => {
    session.cookies.clear();
    session.revalidated.length = 0;
  });

  it.each(["dark", "light", "system"])("keeps %s in this browser's cookie and re-renders every page", async (theme) => {
    signInAs(await actorOf(t.db, "report1@demo.test"));
    const before = await dumpAll(t.db);
    const result = await setThemeAction(null, form({ theme }));
    expect(result).toEqual({ ok: true, data: { theme } });
    expect(session.cookies.get(THEME_COOKIE)).toBe(theme);
    expect(session.revalidated).toContain("/");
    // A preference of the browser, not a row: nothing in the database changes.
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it.each([
    ["an unknown theme", form({ theme: "sepia" })],
    ["no theme", form({})],
    ["markup instead of a word", form({ theme: "<script>" })],
    ["not a form at all", "dark"],
  ])("refuses %s with a field message and sets no cookie", async (_label, input) => {
    signInAs(await actorOf(t.db, "report1@demo.test"));
    const result = await setThemeAction(null, input as FormData);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors?.theme).toEqual(["Choose System, Light or Dark."]);
    expect(session.cookies.has(THEME_COOKIE)).toBe(false);
  });

  it("refuses a visitor who is not signed in, and sets no cookie", async () => {
    signInAs(null);
    const result = await setThemeAction(null, form({ theme: "dark" }));
    expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(session.cookies.has(THEME_COOKIE)).toBe(false);
  });
});
