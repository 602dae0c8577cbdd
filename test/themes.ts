import type { Db } from "@/db/client";
import { themeWeekCounts, themeWeeks } from "@/db/schema";

/**
 * Forgets every frozen week of team themes, as if no window had been read yet: for the tests of
 * what a window counts when first read. Weeks once read are frozen (lib/server/theme-weeks.ts).
 */
export async function forgetFrozenThemes(db: Db) {
  await db.delete(themeWeekCounts);
  await db.delete(themeWeeks);
}
