import StarterKit from "@tiptap/starter-kit";
import { Link } from "@tiptap/extension-link";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import { Extension, mergeAttributes, type Extensions } from "@tiptap/core";
import { Plugin } from "@tiptap/pm/state";
import { tableRowsAsParagraphs } from "./paste";

export const ALLOWED_LINK_PROTOCOLS = ["http:", "https:", "mailto:"] as const;

export function isAllowedHref(href: unknown): boolean {
  if (typeof href !== "string" || href.length > 2048) return false;
  try {
    return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** What the app itself puts on every link it renders; a document never chooses them. */
export const LINK_RENDER_ATTRIBUTES = { rel: "noopener noreferrer nofollow", target: "_blank" } as const;

/**
 * A link keeps its address and nothing else: TipTap's own link also stores target, rel, class
 * and title, so a document (stored JSON, a Yjs update or pasted HTML) could style a link to cover
 * the page. With href the only attribute of the schema, ProseMirror drops every other one on
 * load, parse and paste; renderHTML adds LINK_RENDER_ATTRIBUTES.
 */
const HrefOnlyLink = Link.extend({
  addAttributes() {
    return { href: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute("href") } };
  },
});

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

/** A pasted table keeps its rows as paragraphs (./paste.ts); the schema has no table node. */
const PastedTables = Extension.create({
  name: "pastedTables",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: tableRowsAsParagraphs } })];
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
      link: false,
    }),
    HrefOnlyLink.configure({
      openOnClick: false,
      autolink: true,
      // No `protocols`: linkify knows mailto: already, and registering it again on every new
      // editor printed "linkifyjs: already initialized" each time. isAllowedUri decides anyway.
      defaultProtocol: "https",
      isAllowedUri: (url) => isAllowedHref(url),
      HTMLAttributes: LINK_RENDER_ATTRIBUTES,
    }),
    TaskList,
    AccessibleTaskItem.configure({ nested: true }),
    PastedTables,
  ];
}

export const editorExtensions: Extensions = baseExtensions();
