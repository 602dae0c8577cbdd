import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { organizations, templates } from "@/db/schema";
import { checkDocument } from "@/lib/editor/document";
import { invalid, notFound } from "@/lib/errors";
import { type Actor, assertOwnsTemplate, assertSignedIn } from "@/lib/policy";
import { BUILTIN_TEMPLATES, findBuiltin, type SupportResources } from "@/lib/templates/builtin";
import type { templateSchema, updateTemplateSchema } from "@/lib/validation/templates";
import { ownRowsOnly } from "./scope";
import { isUuid } from "@/lib/validation/uuid";

/** The organization's support resources, as the built-in first-meeting template shows them. */
export async function supportOf(db: Db | Tx, orgId: string): Promise<SupportResources> {
  const [org] = await db.select({ url: organizations.supportUrl, text: organizations.supportText }).from(organizations).where(eq(organizations.id, orgId));
  return { url: org?.url ?? null, text: org?.text ?? null };
}

function parseContent(content: string) {
  const checked = checkDocument(content);
  if (!checked.ok) throw invalid({ content: [checked.error] }, checked.error);
  return checked.doc;
}

export async function listTemplates(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const own = await db
    .select({ id: templates.id, kind: templates.kind, name: templates.name, updatedAt: templates.updatedAt })
    .from(templates)
    .where(ownRowsOnly(templates.ownerId, actor))
    .orderBy(asc(templates.name));
  return {
    builtin: BUILTIN_TEMPLATES.map((t) => ({ id: t.id, kind: t.kind, name: t.name })),
    own,
  };
}

/** One template to view or edit: a built-in (read-only) or one of the actor's own. */
export async function getTemplate(actor: Actor, id: string) {
  assertSignedIn(actor);
  const db = await getDb();
  const builtin = findBuiltin(id);
  if (builtin) {
    return { id, kind: builtin.kind, name: builtin.name, content: builtin.content(await supportOf(db, actor.orgId)), builtin: true };
  }
  if (!isUuid(id)) throw notFound();
  const [row] = await db
    .select()
    .from(templates)
    .where(and(eq(templates.id, id), ownRowsOnly(templates.ownerId, actor)));
  if (!row) throw notFound();
  return { id: row.id, kind: row.kind, name: row.name, content: row.content, builtin: false };
}

export async function createTemplate(actor: Actor, input: z.infer<typeof templateSchema>) {
  assertSignedIn(actor);
  const content = parseContent(input.content);
  const db = await getDb();
  const [row] = await db.insert(templates).values({ ownerId: actor.id, kind: input.kind, name: input.name, content }).returning({ id: templates.id });
  return row;
}

export async function copyTemplate(actor: Actor, id: string) {
  const source = await getTemplate(actor, id);
  const db = await getDb();
  const [row] = await db
    .insert(templates)
    .values({ ownerId: actor.id, kind: source.kind, name: `${source.name} (my copy)`.slice(0, 120), content: source.content })
    .returning({ id: templates.id });
  return row;
}

export async function updateTemplate(actor: Actor, input: z.infer<typeof updateTemplateSchema>) {
  assertSignedIn(actor);
  if (findBuiltin(input.id)) throw invalid({ _form: ["Built-in templates are read-only. Make a copy to change it."] });
  const content = parseContent(input.content);
  const db = await getDb();
  const [row] = await db.select({ ownerId: templates.ownerId }).from(templates).where(eq(templates.id, input.id));
  if (!row) throw notFound();
  assertOwnsTemplate(actor, row);
  await db
    .update(templates)
    .set({ name: input.name, kind: input.kind, content, updatedAt: new Date() })
    .where(and(eq(templates.id, input.id), ownRowsOnly(templates.ownerId, actor)));
  return { id: input.id };
}

export async function deleteTemplate(actor: Actor, id: string) {
  assertSignedIn(actor);
  if (findBuiltin(id)) throw invalid({ _form: ["Built-in templates cannot be deleted."] });
  if (!isUuid(id)) throw notFound();
  const db = await getDb();
  const [row] = await db.select({ ownerId: templates.ownerId }).from(templates).where(eq(templates.id, id));
  if (!row) throw notFound();
  assertOwnsTemplate(actor, row);
  await db.delete(templates).where(and(eq(templates.id, id), ownRowsOnly(templates.ownerId, actor)));
  return { id };
}

/**
 * The agenda a new series' first meeting starts from: the chosen template, else the manager's
 * most recently edited own first-meeting template, else the built-in one.
 */
export async function resolveFirstMeetingContent(tx: Db | Tx, actor: Actor, templateId?: string) {
  if (templateId && !findBuiltin(templateId)) {
    if (!isUuid(templateId)) throw invalid({ templateId: ["Choose one of your templates."] });
    const [own] = await tx
      .select()
      .from(templates)
      .where(and(eq(templates.id, templateId), ownRowsOnly(templates.ownerId, actor)));
    if (!own) throw invalid({ templateId: ["Choose one of your templates."] });
    return own.content;
  }
  if (!templateId) {
    const [latest] = await tx
      .select({ content: templates.content })
      .from(templates)
      .where(and(ownRowsOnly(templates.ownerId, actor), eq(templates.kind, "first_meeting")))
      .orderBy(desc(templates.updatedAt))
      .limit(1);
    if (latest) return latest.content;
  }
  const builtin = findBuiltin(templateId ?? "builtin:first_meeting")!;
  return builtin.content(await supportOf(tx, actor.orgId));
}
