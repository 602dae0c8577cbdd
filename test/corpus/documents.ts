// Bad input, part 2a: a meeting's documents (the shared agenda, a private note), as text and as
// links. One sweep per document, each in its own test file (meeting-agenda.test.ts,
// meeting-notes.test.ts), so that Vitest's two workers share the longest sweep of the suite.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy";
import { agendaOf } from "@/lib/server/agenda";
import { ownNoteOf } from "@/lib/server/private-notes";
import { startSeries } from "@/lib/server/series";
import { openDocument } from "@/test/collab";
import {
  EXTRA_STRINGS,
  expectSafeHref,
  expectSame,
  feedEach,
  HOSTILE_HREFS,
  linkDoc,
  naughtyStrings,
  textDoc,
  textsAndHrefs,
  xssPayloads,
} from "@/test/corpus";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";

const strings = naughtyStrings();
const hrefs = [...strings, ...HOSTILE_HREFS, ...xssPayloads()];
const [NUL, NUL_INSIDE, LONE_HIGH] = EXTRA_STRINGS;
// NUL cannot be stored; a lone surrogate cannot even be sent (see `sent` below).
const UNSTORABLE = [NUL, NUL_INSIDE];

// Each string travels the editor's path (an update checked, appended and compacted), several
// times the work of the one-row save this file once used. It is read back with the section
// readers the meeting page's loader calls (agendaOf, ownNoteOf), not the whole page: the page's
// fourteen statements per string were more than half of this sweep's time.

/** The sweep of one document: every string as its text, and every string and hostile href as a link in it. */
export function describeDocumentSweep(kind: "agenda" | "note") {
  describe(`bad input: a meeting's ${kind === "agenda" ? "agenda" : "private note"}`, { timeout: 600_000 }, () => {
    const t = useTestDatabase();
    let manager: Actor;
    let report: Actor;
    let meetingId = "";
    beforeAll(async () => {
      manager = await actorOf(t.db, "manager@demo.test");
      report = await actorOf(t.db, "report1@demo.test");
      [{ meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    });

    /**
     * The report types each document in turn, on one editing connection: into the agenda (read back
     * as the manager's page reads it) or into their own private note (read back as theirs).
     */
    async function feed(inputs: string[], doc: (s: string) => object, check: (content: unknown, s: string) => void) {
      const editor = await openDocument(report, kind, meetingId);
      try {
        return await feedEach(inputs, ["content"], async (s) => {
          await editor.write(doc(s));
          check(kind === "agenda" ? (await agendaOf(t.db, meetingId)).content : (await ownNoteOf(t.db, report, meetingId))?.content, s);
        });
      } finally {
        editor.close();
      }
    }

    /**
     * Text as the editor sends it: Yjs carries text as UTF-8, so half of a surrogate pair arrives
     * as U+FFFD, never as ill-formed text. Everything else comes back byte for byte.
     */
    const sent = (s: string) => s.toWellFormed();
    const what = kind === "agenda" ? "the agenda" : "the note";

    it(`keeps every string as ${kind === "agenda" ? "agenda" : "private-note"} text, byte for byte, or refuses it on the content field`, async () => {
      const tally = await feed(strings, textDoc, (content, s) => expectSame(textsAndHrefs(content).texts.join(""), sent(s), `${what} text`));
      // The agenda refuses the empty string as well.
      expect(tally.refused).toEqual(expect.arrayContaining(kind === "agenda" ? [...UNSTORABLE, ""] : UNSTORABLE));
      expect(tally.stored).toContain(LONE_HIGH);
      expect(tally.stored.length).toBeGreaterThan(500);
    });

    it(`keeps ${kind === "agenda" ? "an agenda" : "a private-note"} link only to http, https or mailto`, async () => {
      // A link is kept exactly when it is safe; any other is dropped from the stored document, its words kept.
      const tally = await feed(hrefs, linkDoc, (content, s) => {
        const [href] = textsAndHrefs(content).hrefs;
        if (href === undefined) {
          expect(() => expectSafeHref(s), `${what} link ${JSON.stringify(s)} was dropped though it is safe`).toThrow();
          return;
        }
        expectSame(href, sent(s), `${what} link`);
        expectSafeHref(s);
      });
      expect(tally.stored.length).toBeGreaterThan(0);
    });
  });
}
