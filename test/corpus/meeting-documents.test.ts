// Bad input, part 2a: a meeting's documents: the shared agenda and a private note, as text and as links.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy";
import { getMeetingPage, saveAgenda } from "@/lib/server/agenda";
import { getMyPrivateNote, savePrivateNote } from "@/lib/server/private-notes";
import { startSeries } from "@/lib/server/series";
import { saveAgendaSchema } from "@/lib/validation/agenda";
import { savePrivateNoteSchema } from "@/lib/validation/confidentiality";
import { EXTRA_STRINGS, expectSafeHref, expectSame, feedEach, HOSTILE_HREFS, linkDoc, naughtyStrings, parseOrRefuse, textDoc, textsAndHrefs, xssPayloads } from "@/test/corpus";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";

const strings = naughtyStrings();
const hrefs = [...strings, ...HOSTILE_HREFS, ...xssPayloads("xss_payloads_quick.txt")];
const [NUL, NUL_INSIDE, LONE_HIGH] = EXTRA_STRINGS;
const UNSTORABLE = [NUL, NUL_INSIDE, LONE_HIGH];

describe("bad input: a meeting's agenda and private notes", { timeout: 120_000 }, () => {
  const t = useTestDatabase();
  let manager: Actor;
  let report: Actor;
  let meetingId = "";
  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
    [{ meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
  });

  /** Saves documents one after another, following the agenda's version. */
  async function feedAgenda(inputs: string[], doc: (s: string) => object, check: (content: unknown, s: string) => void) {
    let version = (await getMeetingPage(manager, meetingId)).version;
    return feedEach(inputs, ["content"], async (s) => {
      const input = parseOrRefuse(saveAgendaSchema, { meetingId, baseVersion: version, content: JSON.stringify(doc(s)) });
      const saved = await saveAgenda(report, input);
      version = saved.version;
      const page = await getMeetingPage(manager, meetingId);
      expect(page.version).toBe(version);
      check(page.content, s);
    });
  }

  it("keeps every string as agenda text, byte for byte, or refuses it on the content field", async () => {
    const tally = await feedAgenda(strings, textDoc, (content, s) => expectSame(textsAndHrefs(content).texts.join(""), s, "the agenda text"));
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, ""]));
    expect(tally.stored.length).toBeGreaterThan(500);
  });

  it("keeps an agenda link only to http, https or mailto", async () => {
    const tally = await feedAgenda(hrefs, linkDoc, (content, s) => {
      expectSame(textsAndHrefs(content).hrefs[0], s, "the agenda link");
      expectSafeHref(s);
    });
    expect(tally.refused).toEqual(expect.arrayContaining([...HOSTILE_HREFS]));
  });

  /** The report's own private note, one save after another. */
  async function feedNote(inputs: string[], doc: (s: string) => object, check: (content: unknown, s: string) => void) {
    let version = (await getMyPrivateNote(report, meetingId)).version;
    return feedEach(inputs, ["content"], async (s) => {
      const input = parseOrRefuse(savePrivateNoteSchema, { meetingId, baseVersion: version, content: JSON.stringify(doc(s)) });
      version = (await savePrivateNote(report, input)).version;
      check((await getMyPrivateNote(report, meetingId)).content, s);
    });
  }

  it("keeps every string as private-note text, byte for byte, or refuses it on the content field", async () => {
    const tally = await feedNote(strings, textDoc, (content, s) => expectSame(textsAndHrefs(content).texts.join(""), s, "the note text"));
    expect(tally.refused).toEqual(expect.arrayContaining(UNSTORABLE));
    expect(tally.stored.length).toBeGreaterThan(500);
  });

  it("keeps a private-note link only to http, https or mailto", async () => {
    const tally = await feedNote(hrefs, linkDoc, (content, s) => {
      expectSame(textsAndHrefs(content).hrefs[0], s, "the note link");
      expectSafeHref(s);
    });
    expect(tally.refused).toEqual(expect.arrayContaining([...HOSTILE_HREFS]));
  });

});
