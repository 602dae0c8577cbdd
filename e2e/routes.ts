import fs from "node:fs";
import path from "node:path";

// The app's pages, discovered from the app folder, so a new page is covered by the specs that
// sweep every page (the canary, the axe audit) without anyone remembering to list it.

export type Ids = { seriesId: string; meetingId: string; goalId: string; templateId?: string };

/** Every page of the app as a URL pattern, from the folder structure of app/. */
export function discoverPages(): string[] {
  const root = path.join(process.cwd(), "app");
  const found: string[] = [];
  const walk = (dir: string, parts: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), entry.name.startsWith("(") ? parts : [...parts, entry.name]);
      else if (entry.name === "page.tsx") found.push("/" + parts.join("/"));
    }
  };
  walk(root, []);
  return found.sort();
}

/** A page pattern with a pair's ids put in (a template id that is nobody's when none is given). */
export function fill(pattern: string, ids: Ids): string {
  return pattern
    .replace("[seriesId]", ids.seriesId)
    .replace("[meetingId]", ids.meetingId)
    .replace("[goalId]", ids.goalId)
    .replace("[templateId]", ids.templateId ?? "00000000-0000-4000-8000-000000000000")
    .replace("[token]", "not-a-real-token");
}
