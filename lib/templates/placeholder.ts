import type { JSONContent } from "@tiptap/core";

/**
 * Addresses that are placeholders, never someone's real support page: the reserved example
 * domains and top-level domains (RFC 2606, RFC 6761). A template holding one must not reach a report.
 */
export function isPlaceholderUrl(href: string): boolean {
  let host: string;
  try {
    host = new URL(href).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return false;
  }
  if (host === "localhost" || /(^|\.)example\.(com|org|net)$/.test(host)) return true;
  return /\.(example|invalid|test|localhost)$/.test(host) || ["example", "invalid", "test"].includes(host);
}

/** Every link in a document whose address is a placeholder. */
export function placeholderLinksIn(doc: unknown): string[] {
  const found: string[] = [];
  const walk = (node: JSONContent) => {
    for (const mark of node.marks ?? []) {
      const href = mark.type === "link" ? mark.attrs?.href : undefined;
      if (typeof href === "string" && isPlaceholderUrl(href)) found.push(href);
    }
    for (const child of node.content ?? []) walk(child);
  };
  if (doc && typeof doc === "object") walk(doc as JSONContent);
  return found;
}

export const PLACEHOLDER_LINK_MESSAGE =
  "This agenda links to a placeholder support page. An admin sets the organization's support resources on the People page, or edit the link in your template.";
