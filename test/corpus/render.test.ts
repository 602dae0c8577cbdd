// Bad input, part 5: the server's read-only renderer turns hostile text into inert markup, and
// never renders a link target other than http, https or mailto, even from a row stored before
// the write checks existed (or written around them).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DocumentView } from "@/components/documents/DocumentView";
import { HOSTILE_HREFS, naughtyStrings, xssPayloads } from "@/test/corpus";

const payloads = xssPayloads(["xss_payloads_quick.txt", "IntrudersXSS.txt", "RSNAKE_XSS.txt", "XSS_Polyglots.txt"]);
const render = (content: object) => renderToStaticMarkup(createElement(DocumentView, { content: content as never, label: "Agenda" }));
const paragraph = (text: string, href?: string) => ({
  type: "paragraph",
  content: [{ type: "text", text, ...(href === undefined ? {} : { marks: [{ type: "link", attrs: { href } }] }) }],
});
/** Every attribute of every tag in the markup, as [name, value]. */
const attributesOf = (html: string) =>
  [...html.matchAll(/<[a-z][^\s>/]*((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/gi)].flatMap((m) =>
    [...m[1].matchAll(/([^\s=>]+)(?:="([^"]*)")?/g)].map((a) => [a[1], a[2] ?? ""]),
  );

describe("the read-only document renderer", { timeout: 600_000 }, () => {
  it("renders every payload and naughty string as text: no tag or attribute comes from the input", () => {
    const strings = [...payloads, ...naughtyStrings().filter((s) => s !== "" && !s.includes("\u0000") && s.isWellFormed())];
    const html = render({ type: "doc", content: strings.map((s) => paragraph(s)) });
    const names = new Set(attributesOf(html).map(([name]) => name.toLowerCase()));
    expect([...names].filter((n) => n.startsWith("on"))).toEqual([]);
    // The wrapper's own attributes only (role="group" labels the read-only view for assistive tech).
    expect([...names].sort()).toEqual(["aria-label", "class", "role"]);
    expect(
      new Set(
        attributesOf(html)
          .filter(([n]) => n === "role")
          .map(([, v]) => v),
      ),
    ).toEqual(new Set(["group"]));
    expect(html.match(/<(\w+)/g)?.filter((t) => !["<div", "<p"].includes(t)) ?? []).toEqual([]);
  });

  it("renders http, https and mailto links with their target, escaped, and no other target at all", () => {
    const safe = payloads.slice(0, 20).map((p) => `https://example.test/?q=${p}`);
    const html = render({
      type: "doc",
      content: [...safe.map((h) => paragraph("safe", h)), ...[...HOSTILE_HREFS, ...payloads].map((h) => paragraph("hostile", h))],
    });
    const hrefs = attributesOf(html)
      .filter(([name]) => name === "href")
      .map(([, v]) =>
        v
          .replace(/&amp;/g, "&")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&#x27;/g, "'"),
      );
    expect(hrefs.filter((h) => !/^(https?|mailto):/i.test(h) && h !== "")).toEqual([]);
    expect(hrefs.filter((h) => h.startsWith("https://example.test/"))).toEqual(safe);
    expect(attributesOf(html).filter(([name]) => name.toLowerCase().startsWith("on"))).toEqual([]);
  });

  it("renders a link with its address and the app's own rel and target only, whatever the stored marks carry", () => {
    const attrs = {
      href: "https://example.test/",
      class: "fixed inset-0 min-h-screen w-full",
      target: "_self",
      style: "position:fixed",
      rel: "opener",
      onclick: "alert(1)",
      title: "t",
    };
    const html = render({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "styled", marks: [{ type: "link", attrs }] }] }] });
    const link = html.match(/<a\b[^>]*>/)?.[0] ?? "";
    expect(Object.fromEntries(attributesOf(link))).toEqual({ href: "https://example.test/", rel: "noopener noreferrer nofollow", target: "_blank" });
  });
});
