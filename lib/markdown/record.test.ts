import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { goalsMarkdown, meetingMarkdown } from "./record";

const md = new MarkdownIt({ html: true });
const base = {
  managerName: "Ann Lee",
  reportName: "Bob Stone",
  scheduledAt: new Date("2026-12-01T09:00:00Z"),
  timeZone: "Europe/Berlin",
  durationMinutes: 30,
  status: "in_progress",
  agenda: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Roadmap" }] }] },
  topics: [{ text: "Career growth", kind: "strategic", category: "career_growth", status: "open", authorName: "Bob Stone" }],
  actionItems: [{ text: "Draft the plan", owner: "manager", dueDate: "2026-12-08", done: false }],
  myNote: null,
};

describe("meetingMarkdown", () => {
  it("writes the meeting's time in its own zone, the agenda, topics and action items", () => {
    const out = meetingMarkdown(base);
    expect(out).toContain("# One-on-one: Ann Lee and Bob Stone");
    expect(out).toContain("Tuesday 1 December 2026, 10:00 (Europe/Berlin), 30 minutes");
    expect(out).toContain("**Status:** in progress");
    expect(out).toContain("## Agenda\n\nRoadmap");
    expect(out).toContain("- Career growth — open, strategic, career growth (added by Bob Stone)");
    expect(out).toContain("- [ ] Draft the plan — Ann Lee, due 2026-12-08");
    expect(out).not.toContain("My private note");
  });

  it("adds the reader's own note only when given one", () => {
    const out = meetingMarkdown({ ...base, myNote: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "mine" }] }] } });
    expect(out).toContain("## My private note\n\nmine");
  });

  it("keeps hostile names and topics as words: one heading, no HTML, no links", () => {
    const evil = "<img src=x onerror=alert(1)>\n# [x](javascript:alert(1))";
    const out = meetingMarkdown({
      ...base,
      managerName: evil,
      reportName: evil,
      topics: [{ ...base.topics[0], text: evil, authorName: evil }],
      actionItems: [{ ...base.actionItems[0], text: evil }],
    });
    const html = md.render(out);
    expect(html).not.toMatch(/<img|<a /);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<h2>/g)).toHaveLength(3);
  });
});

describe("goalsMarkdown", () => {
  it("lists each goal with its check-ins, oldest first", () => {
    const out = goalsMarkdown("Ann and Bob", [
      {
        title: "Ship *it*",
        specific: "Ship the feature",
        achievable: "Yes",
        relevant: "Growth",
        dueDate: "2027-01-01",
        status: "on_track",
        checkIns: [
          { checkedOn: "2026-12-10", percent: "50.00", note: "" },
          { checkedOn: "2026-12-01", percent: "25", note: "Started" },
        ],
      },
    ]);
    expect(out).toContain("## Ship \\*it\\*");
    expect(out).toContain("**Status:** on track");
    expect(out.indexOf("2026-12-01 — 25%: Started")).toBeLessThan(out.indexOf("2026-12-10 — 50%"));
    expect(goalsMarkdown("x", [])).toContain("*No goals.*");
  });
});
