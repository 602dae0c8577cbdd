import type { JSONContent } from "@tiptap/core";
import { renderDocument } from "./static-render";

/** A stored document rendered on the server as read-only markup (React elements, no raw HTML). */
export function DocumentView({ content, label }: { content: JSONContent; label: string }) {
  return (
    <div className="prose-doc px-4 py-3" role="group" aria-label={label}>
      {renderDocument(content)}
    </div>
  );
}
