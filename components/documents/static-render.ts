import "server-only";
import { createElement, Fragment, type ReactNode } from "react";
import { getAttributesFromExtensions, getSchemaByResolvedExtensions, resolveExtensions, splitExtensions, type JSONContent } from "@tiptap/core";
import { Node, type Mark } from "@tiptap/pm/model";
import { renderJSONContentToReactElement } from "@tiptap/static-renderer/json/react";
import { domOutputSpecToReactElement, mapMarkExtensionToReactNode, mapNodeExtensionToReactNode } from "@tiptap/static-renderer/pm/react";
import { editorExtensions } from "@/lib/editor/extensions";

/**
 * The stored document as React elements, by TipTap's static renderer with the app's extensions.
 * Its `renderToReactElement` resolves the extensions and builds a ProseMirror schema and the node
 * and mark mappings on every call: about 8 % of the meeting page's server CPU in a profile. They
 * depend on the extensions only, so they are built here once, and each call parses and maps the
 * document alone, with the same mappings the library's function makes.
 */
function staticRenderer() {
  const extensions = resolveExtensions(editorExtensions);
  const attributes = getAttributesFromExtensions(extensions);
  const { nodeExtensions, markExtensions } = splitExtensions(extensions);
  const schema = getSchemaByResolvedExtensions(extensions);
  const defined: Record<string, (props: { node: Node; children?: ReactNode }) => ReactNode> = {
    doc: ({ children }) => createElement(Fragment, {}, children),
    text: ({ node }) => node.text ?? "",
  };
  const render = renderJSONContentToReactElement<Mark, Node>({
    nodeMapping: {
      ...Object.fromEntries(
        nodeExtensions.filter((e) => !(e.name in defined)).map((e) => mapNodeExtensionToReactNode(domOutputSpecToReactElement, e, attributes)),
      ),
      ...defined,
    },
    markMapping: Object.fromEntries(markExtensions.map((e) => mapMarkExtensionToReactNode(domOutputSpecToReactElement, e, attributes))),
  });
  // A stored document was checked against this schema when saved: one that no longer parses throws, as before.
  return (content: JSONContent) => render({ content: Node.fromJSON(schema, content) });
}

let renderer: ReturnType<typeof staticRenderer> | null = null;

export function renderDocument(content: JSONContent): ReactNode {
  renderer ??= staticRenderer();
  return renderer(content);
}
