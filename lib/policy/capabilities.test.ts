import { describe, expect, it } from "vitest";
import { meetingCapabilities, type MeetingCapabilities } from "./capabilities";
import { REOPEN_WINDOW_MS } from "./meetings";
import { RELATIONS, type Relation } from "./table";

const NOW = new Date("2025-06-10T12:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);
const underWay = { status: "in_progress" as const, scheduledAt: at(-600_000), startedAt: at(-600_000), completedAt: null };
const completed = { status: "completed" as const, scheduledAt: at(-7_200_000), startedAt: at(-7_200_000), completedAt: at(-3_600_000) };
const facts = { isFirstMeeting: true, termsAcknowledged: false, now: NOW };
const of = (relation: Relation, meeting: Parameters<typeof meetingCapabilities>[1] = underWay, over = {}) =>
  meetingCapabilities(relation, meeting, { ...facts, ...over });

// The meeting page's own capabilities (the series' ones it also carries are proved in policy.test.ts).
const MEETING_KEYS = [
  "editAgenda",
  "addTopic",
  "markDiscussed",
  "addActionItem",
  "start",
  "complete",
  "reopen",
  "keepNotes",
  "viewGoals",
  "reviewGoals",
  "editWorkingAgreement",
  "viewTerms",
  "acknowledgeTerms",
  "editTerms",
  "share",
  "escalate",
  "keepOutOfThemes",
] as const satisfies readonly (keyof MeetingCapabilities)[];
const ofMeeting = (relation: Relation, meeting?: Parameters<typeof meetingCapabilities>[1], over = {}) => {
  const all = of(relation, meeting, over);
  return Object.fromEntries(MEETING_KEYS.map((k) => [k, all[k]]));
};
const NOTHING = Object.fromEntries(MEETING_KEYS.map((k) => [k, false]));
const WORK = {
  editAgenda: true,
  addTopic: true,
  markDiscussed: true,
  addActionItem: true,
  start: false,
  complete: true,
  editWorkingAgreement: true,
  viewTerms: true,
};

describe("what a person may do on a meeting page", () => {
  it("gives the manager the work, their notes, the goals and the terms' exceptions", () => {
    expect(ofMeeting("manager")).toEqual({
      ...NOTHING,
      ...WORK,
      keepNotes: true,
      viewGoals: true,
      reviewGoals: true,
      acknowledgeTerms: true,
      editTerms: true,
      share: true,
      escalate: true,
    });
  });

  it("gives the report the work, their notes, the goals and keeping topics out of team themes", () => {
    expect(ofMeeting("report")).toEqual({
      ...NOTHING,
      ...WORK,
      keepNotes: true,
      viewGoals: true,
      reviewGoals: true,
      acknowledgeTerms: true,
      keepOutOfThemes: true,
    });
  });

  it("gives a covering manager the work and their own notes, the goals read-only, none of the terms' exceptions", () => {
    expect(ofMeeting("covering")).toEqual({ ...NOTHING, ...WORK, keepNotes: true, viewGoals: true });
  });

  it("gives an org admin and an outsider nothing on the page (the loader refuses them before)", () => {
    expect(ofMeeting("admin")).toEqual(NOTHING);
    expect(ofMeeting("none")).toEqual(NOTHING);
  });

  it("makes a completed meeting's record read-only for everyone; the manager alone reopens, within the window", () => {
    for (const relation of RELATIONS) {
      expect(of(relation, completed)).toMatchObject({
        editAgenda: false,
        addTopic: false,
        markDiscussed: false,
        addActionItem: false,
        start: false,
        complete: false,
        editWorkingAgreement: false,
      });
      expect(of(relation, completed).reopen).toBe(relation === "manager");
    }
    expect(of("manager", { ...completed, completedAt: at(-REOPEN_WINDOW_MS - 1) }).reopen).toBe(false);
    // Private notes stay the author's to edit after completion.
    expect(of("report", completed).keepNotes).toBe(true);
  });

  it("starts only a scheduled meeting and completes it only once it is due or started", () => {
    const ahead = { status: "scheduled" as const, scheduledAt: at(86_400_000), startedAt: null, completedAt: null };
    expect(of("report", ahead)).toMatchObject({ start: true, complete: false, editAgenda: true });
    expect(of("report", { ...ahead, scheduledAt: at(-1) })).toMatchObject({ start: true, complete: true });
    expect(of("admin", ahead).start).toBe(false);
  });

  it("edits the working agreement only on the first meeting, and asks only who has not acknowledged the terms to acknowledge them", () => {
    expect(of("manager", underWay, { isFirstMeeting: false }).editWorkingAgreement).toBe(false);
    expect(of("report", underWay, { termsAcknowledged: true }).acknowledgeTerms).toBe(false);
  });
});
