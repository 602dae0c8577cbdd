import StarterKit from "@tiptap/starter-kit";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import { mergeAttributes, type Extensions } from "@tiptap/core";

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
 * Task items as read-only markup (the server's rendering) carry a label and cannot be ticked;
 * inside the editor TipTap's own node view is used, which labels its checkboxes too.
 */
const AccessibleTaskItem = TaskItem.extend({
  renderHTML({ node, HTMLAttributes }) {
    const label = `Task: ${node.textContent || "empty task"}${node.attrs.checked ? " (done)" : ""}`;
    return [
      "li",
      mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, { "data-type": this.name }),
      ["label", ["input", { type: "checkbox", checked: node.attrs.checked ? "checked" : null, disabled: "disabled", "aria-label": label }], ["span"]],
      ["div", 0],
    ];
  },
});

/**
 * The one list of editor extensions: the browser editor, the server's validation schema and
 * the server's read-only renderer all use it, so they can never disagree on what a document holds.
 * `undoRedo: false` is the real-time editor's variant: Yjs keeps the undo history there; the
 * schema is the same.
 */
export function baseExtensions(options: { undoRedo?: boolean } = {}): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [1, 2, 3] },
      ...(options.undoRedo === false ? { undoRedo: false as const } : {}),
      link: {
        openOnClick: false,
        autolink: true,
        // No `protocols`: linkify knows mailto: already, and registering it again on every new
        // editor printed "linkifyjs: already initialized" each time. isAllowedUri decides anyway.
        defaultProtocol: "https",
        isAllowedUri: (url) => isAllowedHref(url),
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
      },
    }),
    TaskList,
    AccessibleTaskItem.configure({ nested: true }),
  ];
}

export const editorExtensions: Extensions = baseExtensions();
