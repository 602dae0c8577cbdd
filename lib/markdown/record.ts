// Markdown pages of a person's one-on-one record. Every string from the database goes through
// markdownText (one line, escaped) or documentToMarkdown (a TipTap document, escaped): nothing a
// person typed can add a heading, a link or HTML of its own to an exported page.
import type { JSONContent } from "@tiptap/core";
import { DateTime } from "luxon";
import { documentToMarkdown, markdownText as t } from "./from-document";

export type MarkdownMeeting = {
  managerName: string;
  reportName: string;
  scheduledAt: Date;
  timeZone: string;
  durationMinutes: number | null;
  status: string;
  agenda: JSONContent | null;
  topics: { text: string; kind: string; category: string; status: string; authorName?: string }[];
  actionItems: { text: string; owner: string; dueDate: string | null; done: boolean }[];
  /** The reader's own private note, or null: never anybody else's. */
  myNote: JSONContent | null;
};

export type MarkdownGoal = {
  title: string;
  specific: string;
  achievable: string;
  relevant: string;
  dueDate: string;
  status: string;
  checkIns: { checkedOn: string; percent: string | null; note: string }[];
};

const words = (s: string) => s.replace(/_/g, " ");

/** "Tuesday 1 December 2026, 10:00 (Europe/Berlin)": the meeting's time where the series keeps it. */
export function meetingWhen(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return local.isValid ? `${local.toFormat("cccc d LLLL yyyy, HH:mm")} (${timeZone})` : at.toISOString();
}

function section(title: string, body: string, empty: string): string[] {
  return [`## ${title}`, "", body || `*${empty}*`, ""];
}

/** One meeting as a Markdown page: agenda, topics, action items and, for its author only, their private note. */
export function meetingMarkdown(m: MarkdownMeeting): string {
  const topics = m.topics
    .map((x) => {
      const by = x.authorName ? ` (added by ${t(x.authorName)})` : "";
      return `- ${t(x.text)} — ${words(x.status)}, ${x.kind}, ${words(x.category)}${by}`;
    })
    .join("\n");
  const items = m.actionItems
    .map(
      (a) => `- [${a.done ? "x" : " "}] ${t(a.text)} — ${a.owner === "manager" ? t(m.managerName) : t(m.reportName)}${a.dueDate ? `, due ${a.dueDate}` : ""}`,
    )
    .join("\n");
  const lines = [
    `# One-on-one: ${t(m.managerName)} and ${t(m.reportName)}`,
    "",
    `**When:** ${t(meetingWhen(m.scheduledAt, m.timeZone))}${m.durationMinutes ? `, ${m.durationMinutes} minutes` : ""}  `,
    `**Status:** ${words(m.status)}`,
    "",
    ...section("Agenda", documentToMarkdown(m.agenda), "No agenda was written."),
    ...section("Topics", topics, "No topics."),
    ...section("Action items", items, "No action items."),
  ];
  if (m.myNote) lines.push(...section("My private note", documentToMarkdown(m.myNote), "You kept no note for this meeting."));
  return lines.join("\n").trimEnd() + "\n";
}

/** The goals of one reporting line, each with its check-ins, oldest first. */
export function goalsMarkdown(title: string, goals: MarkdownGoal[]): string {
  const lines = [`# Goals: ${t(title)}`, ""];
  if (goals.length === 0) lines.push("*No goals.*", "");
  for (const g of goals) {
    lines.push(`## ${t(g.title)}`, "", `**Status:** ${words(g.status)}  `, `**Due:** ${g.dueDate}`, "");
    lines.push(`- **Specific:** ${t(g.specific)}`, `- **Achievable:** ${t(g.achievable)}`, `- **Relevant:** ${t(g.relevant)}`, "");
    lines.push("### Check-ins", "");
    const checkIns = [...g.checkIns].sort((a, b) => a.checkedOn.localeCompare(b.checkedOn));
    if (checkIns.length === 0) lines.push("*No check-ins.*");
    for (const c of checkIns) lines.push(`- ${c.checkedOn}${c.percent != null ? ` — ${Number(c.percent)}%` : ""}${c.note ? `: ${t(c.note)}` : ""}`);
    lines.push("");
  }
  return lines.join("\n").trimEnd() + "\n";
}
