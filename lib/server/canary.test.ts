import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { coveringAssignments, privateNotes, reportingLines, users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { storedNoteText, writeNote } from "@/test/collab";
import { exportedFunctions, type Exported } from "@/test/discover";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { setActive } from "./accounts";
import { erasePerson } from "./erasure";
import { startSeries } from "./series";
import { addTopic } from "./topics";

// The canary: the manager's and the report's private notes each hold a unique marker, and so do a
// topic of the pair and a topic of a pair whose line has ended. Every exported function of
// lib/server (subfolders included) that takes a person first, found by what it is rather than by
// its name (so a new one is covered without anyone remembering it), is called as everyone with
// every id of both pairs; no answer, no error, no mail and no other table may hold a marker the
// table keeps from that person. Among them are the people whose access ended: the manager of the
// ended line, a covering manager after the range, a deactivated and an erased covering manager.
const MARK = {
  managerNote: `canary-manager-${crypto.randomUUID()}`,
  reportNote: `canary-report-${crypto.randomUUID()}`,
  pairTopic: `canary-topic-${crypto.randomUUID()}`,
  endedTopic: `canary-ended-${crypto.randomUUID()}`,
};
type Marker = keyof typeof MARK;

/** The doors: a person (or the system, which every person is refused) comes first. */
const isDoor = (e: Exported) => /^(Actor|Actor \| null|SystemActor)$/.test(e.firstParam?.type ?? "");
const STEP = "a step inside a door: it takes the database or the transaction the door opened after it authorized, and is reached only through doors swept here";
const BUILDER = "builds a SQL condition or a value and reads nothing (lib/server/visibility.test.ts holds the relation's SQL to lib/policy)";
/** Everything else lib/server exports, and why the sweep does not call it as a person. */
const EXEMPT: Record<string, string> = {
  ...Object.fromEntries(
    [
      "access-log.ts:recordAccess",
      "access-log.ts:recordDailyAccess",
      "access.ts:authorizeSeries",
      "access.ts:relationTo",
      "access.ts:coveringFor",
      "access.ts:managesReports",
      "access.ts:authorizeMeeting",
      "access.ts:authorizeMeetingView",
      "access.ts:meetingFacts",
      "accounts.ts:lockTarget",
      "accounts.ts:assertAnotherActiveAdmin",
      "accounts.ts:deactivateLocked",
      "agenda.ts:agendaOf",
      "agenda.ts:recordMeetingOpened",
      "agenda.ts:meetingHeader",
      "calendar-feeds.ts:myFeedOf",
      "clashes.ts:managerClashes",
      "covering.ts:coveringOf",
      "covering.ts:coveringCandidatesOf",
      "covering.ts:nameCoveringIn",
      "digests.ts:digestMails",
      "goal-views.ts:meetingGoalsOf",
      "goals.ts:authorizeGoal",
      "goals.ts:suggestedStatusOf",
      "goals.ts:standingTopicsFor",
      "leavers.ts:endLinesManagedBy",
      "leavers.ts:cancelUpcomingMeetingsOf",
      "leavers.ts:deleteNotesOf",
      "mail-recipients.ts:mailablePerson",
      "meetings.ts:firstMeetingOf",
      "meetings.ts:lockSeries",
      "meetings.ts:lockMeeting",
      "meetings.ts:seriesGoesOn",
      "meetings.ts:ensureNextMeeting",
      "meetings.ts:carryOver",
      "meetings.ts:completionSummary",
      "meetings.ts:cancelLocked",
      "meetings.ts:markCancelled",
      "meetings.ts:recordChange",
      "meetings.ts:currentMeetingQuery",
      "meetings.ts:currentMeeting",
      "member-search.ts:orgMembersByName",
      "outbox.ts:queueMail",
      "outbox.ts:queueMails",
      "outbox.ts:deliver",
      "outbox.ts:recordMails",
      "private-notes.ts:ownNoteOf",
      "reminders.ts:reminderMails",
      "schedule-changes.ts:undoableChangesOf",
      "series-settings.ts:seriesPlanningOf",
      "series-templates.ts:agendaTemplateChoicesOf",
      "series-templates.ts:agendaForNewMeeting",
      "series.ts:seriesPageOf",
      "sharing.ts:recipientsFor",
      "templates.ts:supportOf",
      "templates.ts:resolveFirstMeetingContent",
      "terms.ts:ensureDefaultTerms",
      "terms.ts:termsOf",
      "topics.ts:lockOpenMeeting",
      "topics.ts:meetingWorkOf",
      "topics.ts:queuedTopicsOf",
      "topics.ts:strategicShareOf",
      "working-agreement.ts:workingAgreementFor",
      "access-log.ts:recordCoveringRead",
      "account-use.ts:isAccountUsed",
      "admin-grants.ts:recordAdminGrant",
      "admin-grants.ts:orgAdminsOf",
      "covering-facts.ts:managesReports",
      "covering-facts.ts:managingSince",
      "covering-facts.ts:managerAway",
      "covering-facts.ts:coveringFacts",
      "mail-links.ts:mintLinkToken",
      "theme-weeks.ts:freezeThemeWeeks",
      "topics.ts:keptOutOfThemes",
      "users.ts:recordSignIn",
    ].map((k) => [k, STEP]),
  ),
  ...Object.fromEntries(
    [
      "lines.ts:lineActiveOn",
      "lines.ts:coveringOn",
      "lines.ts:nameOf",
      "lines.ts:qualified",
      "scope.ts:ownRowsOnly",
      "person-facts.ts:navigationFactsColumns",
      "visibility.ts:managingLineOn",
      "visibility.ts:managesReportsOn",
      "visibility.ts:reportOfLine",
      "visibility.ts:managesLineOn",
      "visibility.ts:coversSeriesOn",
      "visibility.ts:seriesOfPairOn",
      "visibility.ts:seriesVisibleTo",
      "visibility.ts:visibleAs",
      "calendar-feeds.ts:feedPath",
      "erasure.ts:erasedEmail",
      "meeting-pulse.ts:meetingFingerprint",
      "people-import.ts:planImport",
      "sign-in-limits.ts:accountKey",
      "sign-in-limits.ts:pairDelaySeconds",
      "sign-in-limits.ts:maskAddress",
      "collab.ts:colorOf",
      "users.ts:demoHint",
      "account-use.ts:accountUsed",
      "mail-links.ts:newToken",
      "mail-links.ts:tokenHash",
      "mail-links.ts:storedLink",
      "mail-links.ts:bodyWithToken",
      "mail-links.ts:bodyInApp",
    ].map((k) => [k, BUILDER]),
  ),
  "identities.ts:accountOfIdentity":
    "OpenID Connect sign-in, before there is a person: an ID token's issuer and subject are its credential; identities.test.ts, admin-adversary.test.ts",
  "identities.ts:signInWithIdentity":
    "OpenID Connect sign-in, before there is a person: links only a verified address from the configured issuer; identities.test.ts, admin-adversary.test.ts",
  "recovery.ts:requestRecoveryByMail":
    "a signed-out door by design (the same answer for any address; the link goes to the address): account-recovery.test.ts, the access matrix",
  "recovery.ts:findRecovery": "the recovery link's token is its credential: account-recovery.test.ts",
  "recovery.ts:completeRecovery": "the recovery link's token is its credential, used once: account-recovery.test.ts, the access matrix",
  "sign-in-limits.ts:issueDeviceToken": "sign-in, before there is a person; the token grants nothing but its own count: sign-in-limits.test.ts",
  "sign-in-limits.ts:trustedDevice": "sign-in, before there is a person: sign-in-limits.test.ts",
  "calendar-feeds.ts:calendarForToken": "the feed's token is its credential: the access matrix (GET /api/calendar/<token>) and calendar-feeds.test.ts",
  "collab-store.ts:QuarantinedDocument": "an Error class",
  "sign-in-limits.ts:SignInLimited": "an Error class",
  "collab-store.ts:quarantineCollabDocument":
    "the collaboration server's storage, by document name, behind its token check: collab.test.ts, notes-at-rest.test.ts",
  "collab-store.ts:isQuarantined": "the collaboration server's storage, by document name, behind its token check: collab.test.ts",
  "collab-store.ts:loadCollabState": "the collaboration server's storage, by document name, behind its token check: collab.test.ts, notes-at-rest.test.ts",
  "collab-store.ts:appendCollabUpdate": "the collaboration server's storage, by document name, behind its token check: collab.test.ts",
  "collab-store.ts:collabDocumentWritable": "the collaboration server's storage, behind its token check: lifecycle.test.ts",
  "collab-store.ts:compactPendingDocuments": "start-up compaction, no person: collab-abuse.test.ts, collab-eventloop.test.ts",
  "collab-store.ts:compactCollabDocument": "compaction by document name, no person: collab-eventloop.test.ts",
  "collab.ts:collabEndpoint": "starts the collaboration server: collab*.test.ts open it and try every token",
  "collab.ts:signCollabToken": "signs what issueAgendaToken / issueNoteToken (swept) decided: collab.test.ts",
  "collab.ts:verifyCollabToken": "checks a token's signature: collab.test.ts (forged, expired, alg none)",
  "collab.ts:authorizeCollabDocument": "the socket's per-person check by user id: collab.test.ts, collab-access.test.ts",
  "health.ts:databaseHealth": "public, the database's state only: the access matrix (GET /api/health)",
  "leavers.ts:noteDocumentsOf": "names of one author's note documents, for the retention sweep: leavers.test.ts",
  "notifications.ts:notifyTopicsAdded": "queues a digest after a committed topic, by ids: lib/jobs/channels.test.ts reads every mail it leads to",
  "sign-in-limits.ts:createSignInLimiters": "the sign-in door's rate limiters: sign-in-limits.test.ts",
  "sign-in-limits.ts:signInLimitersFor": "the sign-in door's rate limiters: sign-in-limits.test.ts",
  "sign-in-limits.ts:countAttempt": "the sign-in door's rate limiters: sign-in-limits.test.ts",
  "sign-in-limits.ts:settleSuccess": "the sign-in door's rate limiters: sign-in-limits.test.ts",
  "sign-in-limits.ts:logFailedSignIn": "a masked log line: sign-in-limits.test.ts",
  "users.ts:loadActor": "the session's lookup by user id (lib/auth getActor): users.test.ts, leavers.test.ts",
  "users.ts:findSignInUserByEmail": "the sign-in door's lookup: the access matrix's public doors, users.test.ts",
  "users.ts:authenticate": "the sign-in door: the access matrix's public doors, sign-in-limits.test.ts",
  "users.ts:findInvitation": "the invitation door, by its token: users.test.ts",
  "users.ts:acceptInvitation": "the invitation door, by its token: the access matrix's public doors, users.test.ts",
};
// What discovery found when it stopped going by names: fewer means it stopped looking.
const FLOOR = { functions: 248, doors: 110 };

describe("the canary across every lib/server door", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let ids: { seriesId: string; meetingId: string };
  let ended: { seriesId: string; meetingId: string };
  let all: Exported[];
  beforeAll(async () => {
    all = await exportedFunctions(import.meta.dirname);
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9", "report10"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    const person = async (key: string) => {
      await t.db.insert(users).values({ orgId: who.manager.orgId, email: `${key.toLowerCase()}@canary.test`, name: key });
      who[key] = await actorOf(t.db, `${key.toLowerCase()}@canary.test`);
    };
    for (const key of ["endedManager", "movedReport", "formerCovering", "leaver", "erased"]) await person(key);
    // Only someone who manages reports of their own can cover: each leads an intern.
    for (const lead of [who.report10, who.formerCovering, who.leaver, who.erased]) {
      const [intern] = await t.db
        .insert(users)
        .values({ orgId: who.manager.orgId, email: `intern-of-${lead.id}@canary.test`, name: "Intern" })
        .returning({ id: users.id });
      await t.db.insert(reportingLines).values({ orgId: who.manager.orgId, managerId: lead.id, reportId: intern.id, activeFrom: utcDay(-30) });
    }
    [ids] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id, who.report2.id] }));
    const cover = (person: Actor, startsOn: number, endsOn: number) =>
      t.db
        .insert(coveringAssignments)
        .values({ seriesId: ids.seriesId, coveringManagerId: person.id, startsOn: utcDay(startsOn), endsOn: utcDay(endsOn), createdBy: who.manager.id });
    await cover(who.report10, -1, 3);
    await cover(who.formerCovering, -10, -2);
    await cover(who.leaver, -1, 3);
    await cover(who.erased, -1, 3);
    await writeNote(who.manager, ids.meetingId, paragraphDoc(`Manager note ${MARK.managerNote}`));
    await writeNote(who.report1, ids.meetingId, paragraphDoc(`Report note ${MARK.reportNote}`));
    await addTopic(who.report1, { seriesId: ids.seriesId, text: `Topic ${MARK.pairTopic}`, kind: "strategic", category: "wellbeing" });
    // A pair whose line ended today: the report keeps the series, the manager keeps nothing.
    const [line] = await t.db
      .insert(reportingLines)
      .values({ orgId: who.manager.orgId, managerId: who.endedManager.id, reportId: who.movedReport.id, activeFrom: utcDay(-30) })
      .returning({ id: reportingLines.id });
    [ended] = await startSeries(who.endedManager, seriesInput({ reportIds: [who.movedReport.id] }));
    await addTopic(who.movedReport, { seriesId: ended.seriesId, text: `Topic ${MARK.endedTopic}`, kind: "strategic", category: "other" });
    await t.db
      .update(reportingLines)
      .set({ activeTo: utcDay(0) })
      .where(eq(reportingLines.id, line.id));
    // The leaver is deactivated and the other erased: both ends their own lines, so their covering ends too.
    await setActive(who.admin, { userId: who.leaver.id, active: false });
    await erasePerson(who.admin, { userId: who.erased.id, confirmEmail: who.erased.email, dryRun: false });
  });

  // Searches get the markers' common prefix, which finds any marker the person can reach, but never a whole marker.
  // A door that takes an id gets ids; one that takes an input object gets an object that answers
  // every field it reads with an id of the pair (an unknown field would be undefined, and
  // postgres.js keeps a connection for good on an undefined parameter: the pool would run dry).
  const argsFor = (door: Exported) => {
    const prefix = "canary";
    const object = (of: typeof ids) =>
      new Proxy({ ...of, from: utcDay(-30), to: utcDay(30), q: prefix, query: prefix, term: prefix } as Record<string | symbol, unknown>, {
        get: (target, field) => (field in target || typeof field !== "string" || field === "then" || field === "toJSON" ? target[field] : of.meetingId),
      });
    if (door.firstParam?.secondIsString)
      return [[], [ids.meetingId], [ids.seriesId], [ids.seriesId, ids.meetingId], [ended.seriesId], [ended.meetingId], [prefix]];
    return [[], [object(ids)], [object(ended)]];
  };

  /** Calls every door as each person; each answer may hold none of the markers kept from them. */
  async function sweep(people: { actor: Actor | null; kept: Marker[] }[]) {
    const doors = all.filter(isDoor);
    let calls = 0;
    let answered = 0;
    const problems: string[] = [];
    for (const { actor, kept } of people) {
      for (const door of doors) {
        const { key, fn } = door;
        for (const args of argsFor(door)) {
          calls++;
          const outcome = await Promise.resolve()
            .then(() => fn(actor, ...args))
            .then(
              (value) => {
                answered++;
                return JSON.stringify(value ?? null) ?? "";
              },
              (error: unknown) => JSON.stringify({ message: String(error), details: (error as { details?: unknown })?.details ?? null }),
            )
            .catch((error: unknown) => `unreadable answer: ${String(error)}`);
          for (const marker of kept) {
            if (outcome.includes(MARK[marker])) problems.push(`${key}(${actor?.email ?? "signed out"}, ${JSON.stringify(args).slice(0, 80)}) holds ${marker}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // Many calls must really answer, or the sweep would prove nothing.
    expect(answered).toBeGreaterThan(50 * people.length);
    return calls;
  }

  it("finds every exported function of lib/server, in subfolders too, and each is swept or exempt with a reason", () => {
    expect(all.length).toBeGreaterThanOrEqual(FLOOR.functions);
    const doors = all.filter(isDoor).map((e) => e.key);
    expect(doors.length).toBeGreaterThanOrEqual(FLOOR.doors);
    for (const expected of [
      "loadMeetingWorkspace",
      "exportMyRecord",
      "exportMyArchive",
      "exportMeetingMarkdown",
      "listSharedWithMe",
      "getDashboard",
      "listOutbox",
      "addTopic",
    ]) {
      expect(doors.map((k) => k.split(":")[1])).toContain(expected);
    }
    expect(
      all.filter((e) => !isDoor(e) && !EXEMPT[e.key]).map((e) => `${e.key} (first parameter: ${e.firstParam?.type || "none"})`),
      "neither swept nor exempt",
    ).toEqual([]);
    const keys = new Set(all.map((e) => e.key));
    expect(
      Object.keys(EXEMPT).filter((k) => !keys.has(k)),
      "exemptions for functions that no longer exist",
    ).toEqual([]);
    expect(
      all.filter((e) => isDoor(e) && EXEMPT[e.key]).map((e) => e.key),
      "exempt but a door",
    ).toEqual([]);
  });

  it("never gives anyone a marker the table keeps from them: the pair, the covering manager, the admin, others, and everyone whose access ended", async () => {
    const calls = await sweep([
      { actor: who.manager, kept: ["reportNote", "endedTopic"] },
      { actor: who.report1, kept: ["managerNote", "endedTopic"] },
      { actor: who.report10, kept: ["managerNote", "reportNote", "endedTopic"] },
      { actor: who.admin, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      { actor: who.manager2, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      { actor: who.report2, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      { actor: who.report9, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      { actor: null, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      { actor: who.endedManager, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      { actor: who.movedReport, kept: ["managerNote", "reportNote", "pairTopic"] },
      { actor: who.formerCovering, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      // As a stale session would hold them: lib/server must keep them out by itself.
      { actor: who.leaver, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
      { actor: who.erased, kept: ["managerNote", "reportNote", "pairTopic", "endedTopic"] },
    ]);
    expect(calls).toBeGreaterThan(1000);
    // About 10,000 calls: half a minute on an idle machine.
  }, 600_000);

  it("keeps each note's marker in its author's private note row, sealed, and nowhere else in the database (outbox included)", async () => {
    const dump = await dumpAll(t.db);
    for (const [table, rows] of Object.entries(dump)) {
      const text = JSON.stringify(rows);
      // Stored sealed (lib/crypto): not even the note's own row holds its text in the clear.
      expect(text.includes(MARK.managerNote) || text.includes(MARK.reportNote), table).toBe(false);
    }
    const notes = await t.db.select().from(privateNotes).where(eq(privateNotes.meetingId, ids.meetingId));
    const opened = await Promise.all(notes.map((n) => storedNoteText(n)));
    expect(notes.filter((_, i) => opened[i].includes(MARK.managerNote)).map((n) => n.authorId)).toEqual([who.manager.id]);
    expect(notes.filter((_, i) => opened[i].includes(MARK.reportNote)).map((n) => n.authorId)).toEqual([who.report1.id]);
  });

  it("still gives each person what is theirs (the canary is alive)", async () => {
    const { loadMeetingWorkspace } = await import("./meeting-page");
    const { exportMyRecord } = await import("./export");
    expect(JSON.stringify((await loadMeetingWorkspace(who.manager, ids.meetingId)).note)).toContain(MARK.managerNote);
    expect(JSON.stringify((await loadMeetingWorkspace(who.report1, ids.meetingId)).note)).toContain(MARK.reportNote);
    expect(JSON.stringify(await exportMyRecord(who.report1))).toContain(MARK.pairTopic);
    expect(JSON.stringify(await exportMyRecord(who.movedReport))).toContain(MARK.endedTopic);
  });
});
