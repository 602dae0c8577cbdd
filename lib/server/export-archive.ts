import "server-only";
// A person's own record as an archive of open formats: the JSON export itself (record.json), a
// Markdown page per meeting, per series and for each line's goals, and an .ics of the meetings.
// Everything here is rendered from exportMyRecord's answer and nothing else, so the archive holds
// exactly what the JSON export holds (the caller's own notes only), and the export is logged once, there.
import type { JSONContent } from "@tiptap/core";
import { DateTime } from "luxon";
import { buildMeetingsCalendar } from "@/lib/calendar/meetings";
import { type ArchiveFile, safeSegment } from "@/lib/export/archive";
import { markdownText as t } from "@/lib/markdown/from-document";
import { goalsMarkdown, meetingMarkdown, meetingWhen } from "@/lib/markdown/record";
import type { Actor } from "@/lib/policy";
import { exportMyRecord } from "./export";

type MyRecord = Awaited<ReturnType<typeof exportMyRecord>>;
type MySeries = MyRecord["series"][number];

const seriesFolder = (s: MySeries) => `series/${safeSegment(s.managerName)}-and-${safeSegment(s.reportName)}-${s.seriesId.slice(0, 8)}`;
const meetingFile = (s: MySeries, m: MySeries["meetings"][number]) =>
  `${DateTime.fromJSDate(m.scheduledAt, { zone: s.timeZone }).toISODate() ?? m.scheduledAt.toISOString().slice(0, 10)}-${m.id.slice(0, 8)}.md`;

function seriesMarkdown(s: MySeries): string {
  const lines = [
    `# One-on-ones: ${t(s.managerName)} and ${t(s.reportName)}`,
    "",
    `**My role:** ${s.myRole}  `,
    `**Cadence:** ${s.cadence}, ${s.durationMinutes} minutes (${t(s.timeZone)})  `,
    `**Reporting line:** from ${s.activeFrom}${s.activeTo ? ` to ${s.activeTo}` : ""}`,
    "",
    "## Meetings",
    "",
    ...(s.meetings.length
      ? s.meetings.map((m) => `- [${t(meetingWhen(m.scheduledAt, s.timeZone))}](meetings/${meetingFile(s, m)}) — ${m.status.replace(/_/g, " ")}`)
      : ["*No meetings.*"]),
    "",
    "## Confidentiality terms",
    "",
    ...(s.terms.length ? s.terms.flatMap((v) => [`### Version ${v.version}`, "", v.body.split(/\r?\n/).map(t).join("  \n"), ""]) : ["*No terms.*"]),
    "",
    "Goals: [goals.md](goals.md)",
  ];
  return lines.join("\n").trimEnd() + "\n";
}

/** The files of the caller's own record archive, under one folder named for the day; logs the export. */
export async function exportMyArchive(actor: Actor) {
  const record = await exportMyRecord(actor);
  const root = `between-us-record-${record.exportedAt.slice(0, 10)}`;
  const files: ArchiveFile[] = [{ path: `${root}/record.json`, text: JSON.stringify(record, null, 2) }];
  const index = [
    `# One-on-one record of ${t(record.person.name)}`,
    "",
    `Exported ${record.exportedAt}. It holds the series you are part of, their meetings, agendas, topics and action items, the goals with their check-ins, and your own private notes (nobody else's). \`record.json\` holds all of it, with your access log; \`meetings.ics\` holds your meetings for a calendar.`,
    "",
    "## Series",
    "",
  ];
  for (const s of record.series) {
    const folder = seriesFolder(s);
    index.push(`- [${t(s.managerName)} and ${t(s.reportName)}](<${folder}/series.md>) — you are the ${s.myRole}`);
    files.push({ path: `${root}/${folder}/series.md`, text: seriesMarkdown(s) });
    const goals = record.goals.filter((g) => g.reportingLineId === s.reportingLineId);
    files.push({ path: `${root}/${folder}/goals.md`, text: goalsMarkdown(`${s.managerName} and ${s.reportName}`, goals) });
    for (const m of s.meetings) {
      const text = meetingMarkdown({
        managerName: s.managerName,
        reportName: s.reportName,
        scheduledAt: m.scheduledAt,
        timeZone: s.timeZone,
        durationMinutes: m.durationMinutes,
        status: m.status,
        agenda: m.agenda as JSONContent | null,
        topics: m.topics,
        actionItems: m.actionItems,
        myNote: (m.myPrivateNote?.content as JSONContent | undefined) ?? null,
      });
      files.push({ path: `${root}/${folder}/meetings/${meetingFile(s, m)}`, text });
    }
  }
  if (record.series.length === 0) index.push("*You are not part of any one-on-one series.*");
  files.push({ path: `${root}/README.md`, text: index.join("\n") + "\n" });
  files.push({
    path: `${root}/meetings.ics`,
    text: buildMeetingsCalendar(record.series.flatMap((s) => s.meetings.map((m) => ({ ...m, managerName: s.managerName, reportName: s.reportName })))),
  });
  return { filename: `${root}.zip`, files };
}
