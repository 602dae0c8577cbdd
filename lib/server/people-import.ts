import "server-only";
// The people import: an admin's CSV becomes a plan against the organization as it is (who is
// created, renamed, given another role or manager), shown row by row. Confirming sends the same
// text again; the server parses and plans it once more inside one transaction, applies it only
// when the plan is still the one previewed and free of errors, and writes nothing otherwise.
import crypto from "node:crypto";
import { and, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { invitations, organizations, reportingLines, users } from "@/db/schema";
import { accessChanged } from "@/lib/collab/access-events";
import { env } from "@/lib/env";
import { queueDeliveries } from "@/lib/jobs/mail";
import { getQueue } from "@/lib/jobs/queue";
import { AppError, invalid } from "@/lib/errors";
import { type Actor, assertOrgAdmin, today } from "@/lib/policy";
import { IMPORT_MAX_BYTES, type ImportRole, type ImportRow, parsePeopleCsvInSteps, tooLargeMessage } from "@/lib/validation/people-import";
import { queueMails } from "./outbox";
import { recordAdminGrant } from "./admin-grants";
import { newInvitation } from "./users";

type HeldLine = { id: string; managerId: string; activeFrom: string; activeTo: string | null };

/** The organization as the import sees it: its people by address, and each person's open reporting lines. */
export type OrgState = {
  people: Map<string, { id: string; name: string; orgRole: ImportRole; active: boolean }>;
  /** Addresses that belong to an account of another organization. */
  elsewhere: Set<string>;
  /** Lines of a person (by id) that hold today or later: open, or ending after today. */
  lines: Map<string, HeldLine[]>;
  /** The org's people by id, to name a current manager. */
  emailOf: Map<string, string>;
};

export type PersonChange = "create" | "update" | "unchanged";
export type LineChange = "add" | "change" | "unchanged" | "none";

/** One row of the preview: what happens to this person, or why nothing can. */
export type PlannedRow = {
  line: number;
  email: string;
  name: string;
  role: ImportRole;
  managerEmail: string | null;
  person: PersonChange;
  /** What changes on an existing person: the values before. */
  before: { name?: string; role?: ImportRole; managerEmail?: string | null };
  lineChange: LineChange;
  errors: string[];
};

export type ImportPlan = {
  rows: PlannedRow[];
  errorCount: number;
  counts: { create: number; update: number; unchanged: number; linesAdded: number; linesChanged: number };
  /** A fingerprint of what confirming would write, given the organization as it is now. */
  planHash: string;
};

export type ImportPreview = { ok: true; plan: ImportPlan } | { ok: false; error: string };

/**
 * Plans the rows against the organization: pure, so every kind of error can be tested without
 * a database. A row with errors changes nothing; the whole import applies only without any.
 */
export function planImport(rows: ImportRow[], org: OrgState, day: string = today()): ImportPlan {
  const fileByEmail = new Map(rows.filter((r) => r.email).map((r) => [r.email, r]));
  const planned: PlannedRow[] = rows.map((row) => {
    const existing = org.people.get(row.email);
    const errors = [...row.errors];
    if (org.elsewhere.has(row.email)) errors.push("Someone with this email address already has an account in another organization.");
    if (existing && !existing.active) errors.push("This person is deactivated: reactivate them first, or leave them out of the file.");
    const role: ImportRole = row.role ?? existing?.orgRole ?? "member";
    const before: PlannedRow["before"] = {};
    let person: PersonChange = "create";
    if (existing) {
      if (row.name && existing.name !== row.name) before.name = existing.name;
      if (existing.orgRole !== role) before.role = existing.orgRole;
      person = before.name !== undefined || before.role !== undefined ? "update" : "unchanged";
    }
    let lineChange: LineChange = "none";
    if (row.managerEmail && row.managerEmail !== row.email) {
      const manager = org.people.get(row.managerEmail);
      if (!manager && !fileByEmail.has(row.managerEmail)) {
        errors.push(`The manager ${row.managerEmail} is neither in this file nor in your organization.`);
      } else if (manager && !manager.active) {
        errors.push(`The manager ${row.managerEmail} is deactivated.`);
      } else {
        const held = existing ? (org.lines.get(existing.id) ?? []) : [];
        const current = held.length === 1 ? held[0] : null;
        const currentManager = current ? org.emailOf.get(current.managerId) : undefined;
        if (held.length === 0) lineChange = "add";
        else if (current && currentManager === row.managerEmail && current.activeTo === null) lineChange = "unchanged";
        else if (current && current.activeTo === null && current.activeFrom <= day) {
          lineChange = "change";
          before.managerEmail = currentManager ?? null;
        } else {
          errors.push("This person has a change of manager planned on a later date: change their reporting lines on this page instead.");
        }
      }
    }
    return { line: row.line, email: row.email, name: row.name, role, managerEmail: row.managerEmail, person, before, lineChange, errors };
  });
  markCycles(planned, org);
  markLastAdmin(planned, org);
  const ok = planned.filter((r) => r.errors.length === 0);
  const counts = {
    create: ok.filter((r) => r.person === "create").length,
    update: ok.filter((r) => r.person === "update").length,
    unchanged: ok.filter((r) => r.person === "unchanged" && (r.lineChange === "unchanged" || r.lineChange === "none")).length,
    linesAdded: ok.filter((r) => r.lineChange === "add").length,
    linesChanged: ok.filter((r) => r.lineChange === "change").length,
  };
  return { rows: planned, errorCount: planned.length - ok.length, counts, planHash: hashPlan(planned, org) };
}

/**
 * Reporting lines may not go in a circle. Each person has at most one manager after the import
 * (the file's, else their current one), so following managers from anyone either ends or loops.
 */
function markCycles(planned: PlannedRow[], org: OrgState) {
  const next = new Map<string, string>();
  for (const [email, p] of org.people) {
    const held = org.lines.get(p.id) ?? [];
    const open = held.find((l) => l.activeTo === null);
    const manager = open && org.emailOf.get(open.managerId);
    if (manager) next.set(email, manager);
  }
  for (const row of planned) if (row.email && row.managerEmail && row.managerEmail !== row.email) next.set(row.email, row.managerEmail);
  const state = new Map<string, "walking" | "done">();
  const inCycle = new Map<string, string[]>();
  for (const start of next.keys()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at && !state.has(at)) {
      state.set(at, "walking");
      path.push(at);
      at = next.get(at);
    }
    if (at && state.get(at) === "walking") {
      const cycle = path.slice(path.indexOf(at));
      for (const email of cycle) inCycle.set(email, cycle);
    }
    for (const email of path) state.set(email, "done");
  }
  for (const row of planned) {
    const cycle = inCycle.get(row.email);
    if (!cycle || !row.managerEmail) continue;
    const from = cycle.indexOf(row.email);
    const shown = [...cycle.slice(from), ...cycle.slice(0, from), row.email];
    const text = shown.length > 6 ? `${shown.slice(0, 5).join(" → ")} → … → ${row.email}` : shown.join(" → ");
    row.errors.push(`Reporting lines would go in a circle: ${text}.`);
  }
}

/** The organization keeps at least one active admin, as on the people page. */
function markLastAdmin(planned: PlannedRow[], org: OrgState) {
  const demoted = planned.filter((r) => r.before.role === "admin");
  if (demoted.length === 0) return;
  const roleAfter = new Map(planned.filter((r) => !r.errors.length).map((r) => [r.email, r.role]));
  const admins = [...org.people].filter(([email, p]) => p.active && (roleAfter.get(email) ?? p.orgRole) === "admin");
  const promoted = planned.some((r) => !org.people.has(r.email) && r.role === "admin" && !r.errors.length);
  if (admins.length === 0 && !promoted) {
    for (const row of demoted) row.errors.push("The organization needs at least one active admin: keep this person an admin, or make someone else one.");
  }
}

function hashPlan(planned: PlannedRow[], org: OrgState): string {
  const h = crypto.createHash("sha256");
  for (const r of planned) {
    const existing = org.people.get(r.email);
    const lines = existing ? (org.lines.get(existing.id) ?? []).map((l) => `${l.id}:${l.managerId}:${l.activeFrom}:${l.activeTo}`) : [];
    h.update(JSON.stringify([r.line, r.email, r.name, r.role, r.managerEmail, r.person, r.lineChange, r.errors.length, existing?.id ?? null, lines]));
    h.update("\n");
  }
  return h.digest("hex");
}

async function loadOrgState(tx: Tx | Db, actor: Actor, emails: string[], day: string): Promise<OrgState> {
  const people = await tx
    .select({ id: users.id, email: users.email, name: users.name, orgRole: users.orgRole, active: users.active })
    .from(users)
    .where(eq(users.orgId, actor.orgId));
  const elsewhere = new Set<string>();
  await inChunks(emails, async (chunk) => {
    const found = await tx
      .select({ email: users.email })
      .from(users)
      .where(and(ne(users.orgId, actor.orgId), inArray(sql`lower(${users.email})`, chunk)));
    for (const f of found) elsewhere.add(f.email.toLowerCase());
  });
  const open = await tx
    .select({
      id: reportingLines.id,
      reportId: reportingLines.reportId,
      managerId: reportingLines.managerId,
      activeFrom: reportingLines.activeFrom,
      activeTo: reportingLines.activeTo,
    })
    .from(reportingLines)
    .where(and(eq(reportingLines.orgId, actor.orgId), or(isNull(reportingLines.activeTo), gt(reportingLines.activeTo, day))));
  const lines = new Map<string, HeldLine[]>();
  for (const l of open) {
    const held = lines.get(l.reportId);
    const line = { id: l.id, managerId: l.managerId, activeFrom: l.activeFrom, activeTo: l.activeTo };
    if (held) held.push(line);
    else lines.set(l.reportId, [line]);
  }
  return {
    people: new Map(people.map((p) => [p.email.toLowerCase(), { id: p.id, name: p.name, orgRole: p.orgRole, active: p.active }])),
    elsewhere,
    lines,
    emailOf: new Map(people.map((p) => [p.id, p.email.toLowerCase()])),
  };
}

async function planFor(tx: Tx | Db, actor: Actor, text: string, day: string): Promise<ImportPreview> {
  const parsed = await parsePeopleCsvInSteps(text);
  if (!parsed.ok) return parsed;
  const emails = [...new Set(parsed.rows.map((r) => r.email).filter(Boolean))];
  const org = await loadOrgState(tx, actor, emails, day);
  await breathe();
  return { ok: true, plan: planImport(parsed.rows, org, day) };
}

/**
 * Rows per statement of the import's reads and writes, with the event loop handed back between two: on
 * the embedded PGlite a statement runs on the event loop itself, and 1,000 rows at once (four
 * tables of 5,000 rows each) held every other request for most of two seconds.
 */
const WRITE_CHUNK = 100;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `write` on each chunk of `rows` in order, handing the event loop back between chunks. */
async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    await write(rows.slice(i, i + WRITE_CHUNK));
    await breathe();
  }
}

/** Rows a preview shows at most: those with errors first, then changes, then the unchanged. */
export const PREVIEW_ROWS_SHOWN = 500;

export type ImportSource = { csv?: string; file?: Blob | null };

export type PreviewScreen =
  | { ok: false; error: string }
  | {
      ok: true;
      /** The text to send back on confirming (line ends as LF). */
      text: string;
      planHash: string;
      errorCount: number;
      counts: ImportPlan["counts"];
      totalRows: number;
      rows: PlannedRow[];
    };

const ORDER = (r: PlannedRow) => (r.errors.length ? 0 : r.person !== "unchanged" || (r.lineChange !== "unchanged" && r.lineChange !== "none") ? 1 : 2);

/** The text of a chosen file (when one was chosen) or of the pasted field; refuses a file over the limit before reading it. */
async function sourceText(source: ImportSource): Promise<string> {
  if (source.file && source.file.size > 0) {
    if (source.file.size > IMPORT_MAX_BYTES) throw invalid({ file: [tooLargeMessage(source.file.size)] }, tooLargeMessage(source.file.size));
    return source.file.text();
  }
  if (source.csv && source.csv.trim() !== "") return source.csv;
  throw invalid({ file: ["Choose a CSV file or paste its text."] }, "Choose a CSV file or paste its text.");
}

/** What importing this file would do, as the preview shows it; writes nothing. Admins only. */
export async function previewImport(actor: Actor, source: ImportSource): Promise<PreviewScreen> {
  assertOrgAdmin(actor);
  const text = (await sourceText(source)).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const db = await getDb();
  const preview = await planFor(db, actor, text, today());
  if (!preview.ok) return preview;
  const { plan } = preview;
  const rows = [...plan.rows].sort((a, b) => ORDER(a) - ORDER(b) || a.line - b.line).slice(0, PREVIEW_ROWS_SHOWN);
  return { ok: true, text, planHash: plan.planHash, errorCount: plan.errorCount, counts: plan.counts, totalRows: plan.rows.length, rows };
}

export type ImportOutcome = {
  planHash: string;
  created: number;
  updated: number;
  linesAdded: number;
  linesChanged: number;
  /** Without SMTP, each new person's invitation link, shown once to the admin who imported. */
  links: { email: string; name: string; link: string }[];
};

/**
 * Applies the import in one transaction, after planning it again from the text: refused whole
 * when any row has an error, and with a conflict when the plan is no longer the one previewed.
 */
export async function confirmImport(actor: Actor, input: { text: string; planHash: string }, baseUrl: string): Promise<ImportOutcome> {
  assertOrgAdmin(actor);
  const db = await getDb();
  const day = today();
  const ended: { managerId: string; reportId: string }[] = [];
  // With SMTP, thousands of invitations go out through the job queue, not during this request.
  const boss = env().SMTP_URL ? await getQueue() : null;
  const outcome = await db.transaction(async (tx) => {
    // One import at a time per organization: the plan below holds until the commit.
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, actor.orgId)).for("update");
    const preview = await planFor(tx, actor, input.text, day);
    if (!preview.ok) throw new AppError("invalid", preview.error, undefined, { planHash: input.planHash });
    const { plan } = preview;
    if (plan.errorCount) {
      const message = `${plan.errorCount} ${plan.errorCount === 1 ? "row has" : "rows have"} errors; nothing was imported. Preview the file again.`;
      throw new AppError("invalid", message, undefined, { planHash: input.planHash });
    }
    if (plan.planHash !== input.planHash) {
      throw new AppError("conflict", "The organization or the file changed since the preview; nothing was imported. Preview the file again.", undefined, {
        planHash: input.planHash,
      });
    }
    const org = await loadOrgState(tx, actor, [], day);
    const ids = new Map([...org.people].map(([email, p]) => [email, p.id]));

    const creates = plan.rows.filter((r) => r.person === "create");
    await inChunks(creates, async (chunk) => {
      const made = await tx
        .insert(users)
        .values(chunk.map((r) => ({ orgId: actor.orgId, email: r.email, name: r.name, orgRole: r.role, passwordHash: null })))
        .returning({ id: users.id, email: users.email });
      for (const m of made) ids.set(m.email, m.id);
    });
    await inChunks(
      plan.rows.filter((r) => r.person === "update"),
      async (chunk) => {
        for (const r of chunk) {
          await tx
            .update(users)
            .set({ name: r.name, orgRole: r.role })
            .where(and(eq(users.id, ids.get(r.email)!), eq(users.orgId, actor.orgId)));
        }
      },
    );
    // Every admin the file creates or promotes is recorded with who made them (lib/server/admin-grants.ts).
    for (const r of plan.rows.filter((r) => r.role === "admin" && (r.person === "create" || (r.person === "update" && r.before.role !== undefined)))) {
      await recordAdminGrant(tx, { orgId: actor.orgId, userId: ids.get(r.email)!, by: actor.id, via: "import" });
    }
    const changing = plan.rows.filter((r) => r.lineChange === "change");
    const endIds = changing.flatMap((r) => (org.lines.get(ids.get(r.email)!) ?? []).map((l) => l.id));
    await inChunks(endIds, async (chunk) => {
      const done = await tx
        .update(reportingLines)
        .set({ activeTo: day })
        .where(and(inArray(reportingLines.id, chunk), isNull(reportingLines.activeTo)))
        .returning({ managerId: reportingLines.managerId, reportId: reportingLines.reportId });
      ended.push(...done);
    });
    const newLines = plan.rows
      .filter((r) => r.lineChange === "add" || r.lineChange === "change")
      .map((r) => ({ orgId: actor.orgId, managerId: ids.get(r.managerEmail!)!, reportId: ids.get(r.email)!, activeFrom: day }));
    await inChunks(newLines, (chunk) => tx.insert(reportingLines).values(chunk));

    const invites = creates.map((r) => ({ r, invitation: newInvitation(actor, { email: r.email, name: r.name, orgRole: r.role }, baseUrl) }));
    await inChunks(invites, (chunk) => tx.insert(invitations).values(chunk.map((x) => x.invitation.row)));
    const mailIds = await queueMails(
      tx,
      invites.map((x) => x.invitation.mail),
    );
    const links = invites.flatMap(({ r, invitation }) => (invitation.link ? [{ email: r.email, name: r.name, link: invitation.link }] : []));
    const outcome: ImportOutcome = {
      planHash: plan.planHash,
      created: creates.length,
      updated: plan.counts.update,
      linesAdded: plan.counts.linesAdded,
      linesChanged: plan.counts.linesChanged,
      links,
    };
    if (boss) await queueDeliveries(boss, tx, mailIds);
    return outcome;
  });
  for (const line of ended) {
    accessChanged({ userId: line.managerId });
    accessChanged({ userId: line.reportId });
  }
  return outcome;
}
