// The one check of an id: the shape PostgreSQL's uuid type reads (any version). Ids from URLs,
// forms and document names are checked before a query, so a malformed one is "not found" or a
// field error, never a database error. No imports: the browser's editor uses it too.

/** The pattern without anchors or flags, for patterns that embed an id (lib/collab/names.ts). */
export const UUID_SOURCE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID = new RegExp(`^${UUID_SOURCE}$`, "i");

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
