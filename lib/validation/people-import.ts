// The people import's file: CSV text in, one entry per data line out, each with its own errors.
// Nothing here reads the database; lib/server/people-import.ts plans against the organization.
import { CsvError } from "csv-parse";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { email, personName } from "./common";
import { IMPORT_LIMITS_TEXT, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, tooLargeMessage, utf8Bytes } from "./people-import-limits";

export * from "./people-import-limits";

/** The import's two steps: the text (pasted, or read from the chosen file), then the same text with the preview's fingerprint. */
// Twice the limit in characters: the limit itself is measured in UTF-8 bytes with LF line ends, by parsePeopleCsv.
const csvText = z.string({ error: "Choose a CSV file or paste its text." }).max(2 * IMPORT_MAX_BYTES, { error: () => tooLargeMessage(2 * IMPORT_MAX_BYTES) });
/** The pasted text, when no file was chosen (the file itself is read by lib/server, after the admin check). */
export const importSourceSchema = z.object({ csv: csvText.optional() });
export const confirmImportSchema = z.object({
  csv: csvText.min(1, "Preview the file first."),
  planHash: z.string({ error: "Preview the file first." }).regex(/^[0-9a-f]{64}$/, "Preview the file first."),
});

export const IMPORT_COLUMNS = ["email", "name", "manager_email", "role"] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

// What a header may say for each column: spreadsheets write "Manager's email" or "Manager Email".
const HEADER_NAMES: Record<string, Column> = {
  email: "email",
  "e-mail": "email",
  name: "name",
  "full name": "name",
  manager: "manager_email",
  "manager email": "manager_email",
  "manager's email": "manager_email",
  "managers email": "manager_email",
  "manager e-mail": "manager_email",
  role: "role",
  "org role": "role",
};
const normalizeHeader = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, " ")
    .replace(/\u2019/g, "'");

export type ImportRole = "admin" | "member";

/** One data line of the file: its line number, what it says (when it could be read), and what is wrong with it. */
export type ImportRow = {
  line: number;
  email: string;
  name: string;
  managerEmail: string | null;
  role: ImportRole | null;
  errors: string[];
};

export type ParsedImport = { ok: true; rows: ImportRow[] } | { ok: false; error: string };

const managerEmail = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), email.optional());
const role = z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().toLowerCase()) : v), z.enum(["admin", "member"]).optional());

// What a person typed, echoed in a message: short and on one line.
const echo = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

function firstMessage(result: z.ZodSafeParseResult<unknown>): string | null {
  return result.success ? null : (result.error.issues[0]?.message ?? "This value is not valid.");
}

/**
 * Reads the CSV: a header line naming the columns (any order; email and name required), then one
 * person per line. A UTF-8 byte order mark, CRLF line ends, quoted fields and a semicolon as the
 * separator (when the header holds no comma) are accepted. Returns a file-level error for what
 * makes the whole file unreadable, and per-row errors for everything else.
 */
export function parsePeopleCsv(text: string): ParsedImport {
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same, handing the event loop back between chunks of rows (the server's way: 5,000 rows
 * of checks in one go held every other request for a tenth of a second or more).
 */
export async function parsePeopleCsvInSteps(text: string): Promise<ParsedImport> {
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Rows checked between two yields of parseSteps. */
const ROWS_PER_STEP = 500;

function* parseSteps(text: string): Generator<void, ParsedImport, void> {
  // Line ends as LF: a form sends its fields back with CRLF, and the confirmed text must measure
  // as the previewed one did. No field may hold a line break anyway.
  const body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const bytes = utf8Bytes(body);
  if (bytes > IMPORT_MAX_BYTES) return { ok: false, error: tooLargeMessage(bytes) };
  if (body.trim() === "") return { ok: false, error: `The file is empty. The first line names the columns: ${IMPORT_COLUMNS.join(",")}.` };
  const firstLine = body.slice(0, body.search(/\n|$/));
  const delimiter = !firstLine.includes(",") && firstLine.includes(";") ? ";" : ",";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // The header, the allowed rows and one more, which is enough to know the file is too long.
      to: IMPORT_MAX_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines;
      return { ok: false, error: `This is not a readable CSV file${at ? ` (near line ${at})` : ""}: check its quotation marks.` };
    }
    throw error;
  }
  yield;
  if (records.length > IMPORT_MAX_ROWS + 1) {
    return {
      ok: false,
      error: `This file has more than ${IMPORT_MAX_ROWS.toLocaleString("en")} people; an import takes ${IMPORT_LIMITS_TEXT}. Split the file and import each part.`,
    };
  }
  const [header, ...data] = records;
  const columns = header.record.map((h) => HEADER_NAMES[normalizeHeader(h)]);
  const unknown = header.record.filter((_, i) => !columns[i]);
  if (unknown.length) {
    return {
      ok: false,
      error: `The first line names the columns: ${IMPORT_COLUMNS.join(",")}. It also holds ${unknown.slice(0, 3).map(echo).join(", ")}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ""}, which ${unknown.length === 1 ? "is" : "are"} not among them.`,
    };
  }
  const missing = (["email", "name"] as const).filter((c) => !columns.includes(c));
  if (missing.length) return { ok: false, error: `The first line names the columns: ${IMPORT_COLUMNS.join(",")}. It lacks ${missing.join(" and ")}.` };
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) return { ok: false, error: `The first line names the column ${twice} twice.` };
  if (data.length === 0) return { ok: false, error: "The file holds the column names but nobody to import." };

  const rows: ImportRow[] = [];
  for (let i = 0; i < data.length; i += ROWS_PER_STEP) {
    if (i > 0) yield;
    for (const { record, info } of data.slice(i, i + ROWS_PER_STEP)) rows.push(readRow(record, info.lines, columns as Column[]));
  }
  markDuplicates(rows);
  return { ok: true, rows };
}

function readRow(record: string[], line: number, columns: Column[]): ImportRow {
  const errors: string[] = [];
  const field = (c: Column) => {
    const i = columns.indexOf(c);
    return i < 0 ? "" : (record[i] ?? "");
  };
  if (record.length > columns.length) errors.push(`This line has ${record.length} fields; the first line names ${columns.length} columns.`);
  const parsedEmail = email.safeParse(field("email"));
  const parsedName = personName.safeParse(field("name"));
  const parsedManager = managerEmail.safeParse(field("manager_email"));
  const parsedRole = role.safeParse(field("role"));
  const emailError = firstMessage(parsedEmail);
  if (emailError) errors.push(`Email: ${emailError}`);
  const nameError = firstMessage(parsedName);
  if (nameError) errors.push(`Name: ${nameError}`);
  const managerError = firstMessage(parsedManager);
  if (managerError) errors.push(`Manager's email: ${managerError}`);
  if (!parsedRole.success) errors.push(`Role: ${echo(field("role"))} is not a role; use admin or member (or leave it empty).`);
  const row: ImportRow = {
    line,
    email: parsedEmail.success ? parsedEmail.data : field("email").trim().slice(0, 254),
    name: parsedName.success ? parsedName.data : "",
    managerEmail: parsedManager.success ? (parsedManager.data ?? null) : null,
    role: parsedRole.success ? (parsedRole.data ?? null) : null,
    errors,
  };
  if (parsedEmail.success && row.managerEmail === row.email) errors.push("A person cannot be their own manager.");
  return row;
}

/** Every line of an address that appears more than once is an error: which one is meant is not ours to guess. */
function markDuplicates(rows: ImportRow[]) {
  const byEmail = new Map<string, ImportRow[]>();
  for (const row of rows) {
    if (!row.email) continue;
    const key = row.email.toLowerCase();
    const same = byEmail.get(key);
    if (same) same.push(row);
    else byEmail.set(key, [row]);
  }
  for (const same of byEmail.values()) {
    if (same.length < 2) continue;
    for (const row of same) {
      const others = same.filter((r) => r !== row).map((r) => r.line);
      row.errors.push(`This email address is also on line ${others.slice(0, 5).join(", ")}${others.length > 5 ? "…" : ""}: each person once.`);
    }
  }
}
