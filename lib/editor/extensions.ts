import StarterKit from "@tiptap/starter-kit";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import type { Extensions } from "@tiptap/core";

export const ALLOWED_LINK_PROTOCOLS = ["http:", "https:", "mailto:"] as const;

export function isAllowedHref(href: unknown): boolean {
  if (typeof href !== "string" || href.length > 2048) return false;
  try {
    return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

/**
 * The one list of editor extensions: the browser editor, the server's validation schema and
 * the server's read-only renderer all use it, so they can never disagree on what a document holds.
 */
export const editorExtensions: Extensions = [
  StarterKit.configure({
    heading: { levels: [1, 2, 3] },
    link: {
      openOnClick: false,
      autolink: true,
      protocols: ["mailto"],
      defaultProtocol: "https",
      isAllowedUri: (url) => isAllowedHref(url),
      HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
    },
  }),
  TaskList,
  TaskItem.configure({ nested: true }),
];
