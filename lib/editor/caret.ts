import { Extension } from "@tiptap/core";
import { yCursorPlugin } from "@tiptap/y-tiptap";
import type { Awareness } from "y-protocols/awareness";

export type CaretUser = { name: string; color: string };

/**
 * The other people's carets and selections, each with their name, from the Yjs awareness of
 * the document (what @tiptap/extension-collaboration-caret does; that package is not yet
 * published for the TipTap version this app uses, so this is its few lines on y-tiptap's plugin).
 */
export const CollaborationCaret = Extension.create<{ awareness: Awareness | null; user: CaretUser }>({
  name: "collaborationCaret",
  addOptions() {
    return { awareness: null, user: { name: "", color: "#0f766e" } };
  },
  addProseMirrorPlugins() {
    const awareness = this.options.awareness;
    if (!awareness) return [];
    awareness.setLocalStateField("user", this.options.user);
    return [
      yCursorPlugin(awareness, {
        cursorBuilder: (user: CaretUser) => {
          const caret = document.createElement("span");
          caret.classList.add("collaboration-carets__caret");
          caret.setAttribute("style", `border-color: ${user.color}`);
          const label = document.createElement("span");
          label.classList.add("collaboration-carets__label");
          label.setAttribute("style", `background-color: ${user.color}`);
          label.textContent = user.name;
          caret.append(label);
          return caret;
        },
        selectionBuilder: (user: CaretUser) => ({ style: `background-color: ${user.color}33`, class: "collaboration-carets__selection" }),
      }),
    ];
  },
});
