import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { HistoryList } from "@/components/history/History";
import { TopicList } from "./TopicList";

// The list's buttons post to server actions; rendering it needs only their identities.
vi.mock("@/app/(app)/series/[seriesId]/topic-actions", () => ({
  discussTopicAction: async () => undefined,
  editTopicAction: async () => undefined,
  moveTopicAction: async () => undefined,
  removeTopicAction: async () => undefined,
}));

const LONG = "x".repeat(500);
const URL_TEXT = `https://example.com/${"a".repeat(130)}`;
const RTL = "نتحدث عن خطة العمل";

/** The element that holds exactly `text`, as rendered. */
const holder = (html: string, text: string) => html.match(new RegExp(`<(p|span|li)[^>]*>\\s*${text}\\s*</\\1>`))?.[0] ?? "";

describe("user text on the page", () => {
  it("wraps a long unbroken topic and lays right-to-left text out in its own direction", () => {
    const topic = (id: string, text: string) => ({
      id,
      text,
      kind: "strategic" as const,
      category: "other" as const,
      status: "open" as const,
      position: 0,
      authorName: "Jonas Weber",
      carriedFromDate: null,
      mine: false,
    });
    const html = renderToStaticMarkup(
      createElement(TopicList, { topics: [topic("a", LONG), topic("b", URL_TEXT), topic("c", RTL)] as never, canWrite: false }),
    );
    for (const text of [LONG, URL_TEXT, RTL]) {
      const el = holder(html, text.replaceAll("/", "\\/"));
      expect(el, text).toMatch(/dir="auto"/);
      expect(el, text).toMatch(/wrap-anywhere/);
      expect(el, text).toMatch(/min-w-0/);
    }
  });

  it("does the same in the history's topics and action items", () => {
    const meeting = {
      id: "m",
      scheduledAt: new Date("2030-03-10T10:00:00Z"),
      heldAt: new Date("2030-03-10T10:00:00Z"),
      status: "completed",
      content: null,
      topics: [{ id: "t", text: RTL, kind: "strategic", category: "other", authorName: "Jonas Weber", status: "discussed", carriedFromDate: null }],
      actionItems: [{ id: "a", text: LONG, owner: "report", dueDate: null, done: false }],
    };
    const html = renderToStaticMarkup(createElement(HistoryList, { seriesId: "s", history: { meetings: [meeting] } as never }));
    expect(holder(html, RTL)).toMatch(/dir="auto"/);
    expect(holder(html, LONG)).toMatch(/dir="auto"/);
    expect(html.match(/<li class="wrap-anywhere">/g)).toHaveLength(2);
  });

  it("wraps and orients agenda text in the stylesheet (the agenda is rendered by the editor's own markup)", () => {
    const css = fs.readFileSync(path.resolve(import.meta.dirname, "../../app/globals.css"), "utf8");
    const prose = css.match(/\.prose-doc \{[^}]*\}/)?.[0] ?? "";
    expect(prose).toContain("overflow-wrap: anywhere");
    expect(css).toMatch(/\.prose-doc :is\([^)]*\bp\b[^)]*\) \{\s*unicode-bidi: plaintext;/);
    expect(css).toMatch(/\.prose-doc pre \{[^}]*whitespace-pre-wrap/);
  });
});
