/** The element id of a listed item, shared by the list that renders it and the form that adds it (focus goes there). */
export const itemElementId = (kind: "topic" | "action-item", id: string) => `${kind}-${id}`;

/** The id of what an action created (`{ id }`), if it said. */
export function createdId(data: unknown): string | null {
  return data && typeof data === "object" && "id" in data && typeof data.id === "string" ? data.id : null;
}
