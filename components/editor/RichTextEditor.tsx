"use client";

import { useState, type MouseEvent } from "react";
import type { Extensions } from "@tiptap/core";
import { EditorContent, useEditor, useEditorState, type Editor, type JSONContent } from "@tiptap/react";
import { editorExtensions, isAllowedHref } from "@/lib/editor/extensions";

type Props = {
  /** The starting document; absent for a real-time document, whose content comes from Yjs. */
  content?: JSONContent;
  /** Extensions instead of the default list (the real-time editor adds Yjs and carets). */
  extensions?: Extensions;
  onChange?: (doc: JSONContent) => void;
  label: string;
  editable?: boolean;
  onReady?: (editor: Editor) => void;
};

const tool =
  "rounded px-2 py-1 text-sm text-stone-700 hover:bg-stone-100 aria-pressed:bg-teal-100 aria-pressed:text-teal-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-600";

/**
 * A pointer press on a tool leaves the focus (and the selection) in the text: were the button to
 * take it, the editor would get it back only on the next animation frame (TipTap's focus()), and
 * what is typed meanwhile would go to the button (a space pressing it again). Keyboard users who
 * Tab to a tool still get focus returned by the command's focus().
 */
const keepEditorFocus = (e: MouseEvent) => e.preventDefault();

function Toolbar({ editor }: { editor: Editor }) {
  const [linking, setLinking] = useState(false);
  const [href, setHref] = useState("");
  const [linkError, setLinkError] = useState<string | null>(null);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bullet: e.isActive("bulletList"),
      ordered: e.isActive("orderedList"),
      task: e.isActive("taskList"),
      link: e.isActive("link"),
    }),
  });
  const buttons: [string, boolean, () => void][] = [
    ["Bold", state.bold, () => editor.chain().focus().toggleBold().run()],
    ["Italic", state.italic, () => editor.chain().focus().toggleItalic().run()],
    ["Heading", state.h2, () => editor.chain().focus().toggleHeading({ level: 2 }).run()],
    ["Subheading", state.h3, () => editor.chain().focus().toggleHeading({ level: 3 }).run()],
    ["Bullets", state.bullet, () => editor.chain().focus().toggleBulletList().run()],
    ["Numbers", state.ordered, () => editor.chain().focus().toggleOrderedList().run()],
    ["Tasks", state.task, () => editor.chain().focus().toggleTaskList().run()],
  ];
  const applyLink = () => {
    const value = href.trim();
    if (!value) {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
    } else {
      const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
      if (!isAllowedHref(withScheme)) {
        setLinkError("Links must start with http://, https:// or mailto:.");
        return;
      }
      editor.chain().focus().extendMarkRange("link").setLink({ href: withScheme }).run();
    }
    setLinking(false);
    setLinkError(null);
  };
  return (
    <div className="flex flex-wrap items-center gap-1 border-b border-stone-200 px-2 py-1" role="toolbar" aria-label="Formatting">
      {buttons.map(([name, active, run]) => (
        <button key={name} type="button" className={tool} aria-pressed={active} onMouseDown={keepEditorFocus} onClick={run}>
          {name}
        </button>
      ))}
      <button
        type="button"
        className={tool}
        aria-pressed={state.link}
        onClick={() => {
          setHref((editor.getAttributes("link").href as string | undefined) ?? "");
          setLinking((v) => !v);
        }}
      >
        Link
      </button>
      {linking ? (
        <span className="flex items-center gap-1">
          <label className="sr-only" htmlFor="link-href">
            Link address
          </label>
          <input
            id="link-href"
            autoFocus
            value={href}
            onChange={(e) => setHref(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                applyLink();
              }
              if (e.key === "Escape") setLinking(false);
            }}
            placeholder="https://"
            className="rounded border border-stone-300 px-2 py-0.5 text-sm"
          />
          <button type="button" className={tool} onClick={applyLink}>
            Apply
          </button>
          {linkError ? (
            <span role="alert" className="text-xs text-red-700">
              {linkError}
            </span>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}

/** The TipTap editor with the app's one set of extensions. Loaded only on pages that edit. */
export default function RichTextEditor({ content, extensions, onChange, label, editable = true, onReady }: Props) {
  const editor = useEditor({
    extensions: extensions ?? editorExtensions,
    ...(content ? { content } : {}),
    editable,
    immediatelyRender: false,
    editorProps: {
      attributes: { "aria-label": label, role: "textbox", "aria-multiline": "true", class: "px-4 py-3" },
    },
    onCreate: ({ editor: e }) => onReady?.(e),
    onUpdate: ({ editor: e }) => onChange?.(e.getJSON()),
  });
  if (!editor) return null;
  return (
    <div className="prose-doc rounded-md border border-stone-300 bg-white focus-within:border-teal-700">
      {editable ? <Toolbar editor={editor} /> : null}
      <EditorContent editor={editor} />
    </div>
  );
}
