// Bad input, part 1: invitations (names, emails), templates (names, bodies, links) and search.
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { invitations, templates } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { searchSeries } from "@/lib/server/history";
import { startSeries } from "@/lib/server/series";
import { writeAgenda } from "@/test/collab";
import { copyTemplate, createTemplate, getTemplate, listTemplates } from "@/lib/server/templates";
import { invitePerson, listPeople } from "@/lib/server/users";
import { inviteSchema } from "@/lib/validation/people";
import { templateSchema } from "@/lib/validation/templates";
import { searchSchema } from "@/lib/validation/history";
import {
  EXTRA_STRINGS,
  expectSafeHref,
  expectSame,
  feedEach,
  HOSTILE_HREFS,
  linkDoc,
  naughtyStrings,
  parseOrRefuse,
  textDoc,
  textsAndHrefs,
  xssPayloads,
} from "@/test/corpus";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";

const strings = naughtyStrings();
const hrefs = [...strings, ...HOSTILE_HREFS, ...xssPayloads()];
const [NUL, NUL_INSIDE, LONE_HIGH] = EXTRA_STRINGS;
// Hostile strings that are still text a person could type: they must be kept, inert.
const SAMPLES = ["<script>alert(123)</script>", "' OR 1=1 -- 1", "<img src=x onerror=alert(123) />", "1;DROP TABLE users"];

describe("bad input: invitations, templates and search", { timeout: 600_000 }, () => {
  const t = useTestDatabase();
  let admin: Actor;
  let manager: Actor;
  let seriesId = "";
  let meetingId = "";
  const rows = async (table: typeof invitations | typeof templates) => (await t.db.select({ n: count() }).from(table))[0].n;
  beforeAll(async () => {
    admin = await actorOf(t.db, "admin@demo.test");
    manager = await actorOf(t.db, "manager@demo.test");
    const report = await actorOf(t.db, "report1@demo.test");
    [{ seriesId, meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
  });

  it("stores every invitation name as typed (trimmed) or refuses it on the name field", async () => {
    let i = 0;
    const tally = await feedEach(strings, ["name"], async (s) => {
      const before = await rows(invitations);
      const email = `corpus${i++}@corpus.test`;
      try {
        const input = parseOrRefuse(inviteSchema, { email, name: s });
        await invitePerson(admin, input, "http://localhost:3000");
        const pending = (await listPeople(admin)).pending.find((p) => p.email === email);
        expectSame(pending?.name, s.trim(), "the invited name");
      } catch (error) {
        expect(await rows(invitations), "a refused invitation stored nothing").toBe(before);
        throw error;
      }
    });
    expect(tally.refused).toEqual(expect.arrayContaining([NUL, NUL_INSIDE, LONE_HIGH, "", "x".repeat(5_000)]));
    expect(tally.stored).toEqual(expect.arrayContaining(SAMPLES));
  });

  it("stores every invitation email that is an address, lower-cased, and refuses the rest on the email field", async () => {
    const before = await rows(invitations);
    const tally = await feedEach(strings, ["email"], async (s) => {
      const input = parseOrRefuse(inviteSchema, { email: s, name: "Corpus Person" });
      await invitePerson(admin, input, "http://localhost:3000");
      const pending = (await listPeople(admin)).pending.filter((p) => p.email === s.trim().toLowerCase());
      if (pending.length !== 1) throw new Error(`${pending.length} invitations for ${s}`);
    });
    expect(await rows(invitations)).toBe(before + tally.stored.length);
    expect(tally.refused.length).toBeGreaterThan(500);
  });

  it("stores every template name as typed (trimmed) or refuses it on the name field", async () => {
    const tally = await feedEach(strings, ["name"], async (s) => {
      const before = await rows(templates);
      try {
        const input = parseOrRefuse(templateSchema, { name: s, kind: "weekly_check_in", content: JSON.stringify(textDoc("body")) });
        const { id } = await createTemplate(manager, input);
        expectSame((await getTemplate(manager, id)).name, s.trim(), "the template name");
      } catch (error) {
        expect(await rows(templates), "a refused template stored nothing").toBe(before);
        throw error;
      }
    });
    const own = (await listTemplates(manager)).own;
    const listed = new Set(own.map((x) => x.name));
    expect(tally.stored.filter((s) => !listed.has(s.trim()))).toEqual([]);
    expect(tally.refused).toEqual(expect.arrayContaining([NUL, NUL_INSIDE, LONE_HIGH]));
    // A copy's name is cut to the limit, never through the middle of an emoji.
    const broken: string[] = [];
    for (const template of own.filter((x) => x.name.length > 100)) {
      const copy = await getTemplate(manager, (await copyTemplate(manager, template.id)).id);
      if (!copy.name.isWellFormed() || copy.name.length > 120 || !`${template.name} (my copy)`.startsWith(copy.name)) broken.push(copy.name);
    }
    expect(broken).toEqual([]);
  });

  it("stores every string as the text of a template body, byte for byte, or refuses it on the content field", async () => {
    const tally = await feedEach(strings, ["content"], async (s) => {
      const input = parseOrRefuse(templateSchema, { name: "Body test", kind: "weekly_check_in", content: JSON.stringify(textDoc(s)) });
      const { id } = await createTemplate(manager, input);
      expectSame(textsAndHrefs((await getTemplate(manager, id)).content).texts.join(""), s, "the template text");
    });
    expect(tally.stored).toEqual(expect.arrayContaining([...SAMPLES, "x".repeat(5_000)]));
    expect(tally.refused).toEqual(expect.arrayContaining([NUL, NUL_INSIDE, LONE_HIGH, ""]));
  });

  it("stores a template link only to http, https or mailto, and refuses every other target", async () => {
    const tally = await feedEach(hrefs, ["content"], async (s) => {
      const input = parseOrRefuse(templateSchema, { name: "Link test", kind: "weekly_check_in", content: JSON.stringify(linkDoc(s)) });
      const { id } = await createTemplate(manager, input);
      const [href] = textsAndHrefs((await getTemplate(manager, id)).content).hrefs;
      expectSame(href, s, "the link target");
      expectSafeHref(s);
    });
    expect(tally.refused).toEqual(expect.arrayContaining([...HOSTILE_HREFS]));
    expect(tally.stored.length).toBeGreaterThan(0);
  });

  it("answers every search query with results or a clear refusal on the q field", async () => {
    // Something to find: one agenda holding every string, one paragraph each.
    const doc = {
      type: "doc",
      content: strings.filter((s) => s && !EXTRA_STRINGS.includes(s as never)).map((s) => ({ type: "paragraph", content: [{ type: "text", text: s }] })),
    };
    await writeAgenda(manager, meetingId, doc);
    let found = 0;
    const tally = await feedEach(strings, ["q"], async (s) => {
      const input = parseOrRefuse(searchSchema, { seriesId, q: s });
      const hits = await searchSeries(manager, input);
      found += hits.length;
      // An excerpt is cut around the match, never through the middle of an emoji.
      for (const hit of hits) if (!hit.excerpt.isWellFormed()) throw new Error(`a broken excerpt: ${JSON.stringify(hit.excerpt)}`);
    });
    expect(found).toBeGreaterThan(200);
    expect(tally.refused).toEqual(expect.arrayContaining([NUL, "", "x".repeat(5_000)]));
    expect(tally.stored.length).toBeGreaterThan(400);
  });
});
