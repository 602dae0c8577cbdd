"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, runAction } from "@/lib/actions";
import { copyTemplate, createTemplate, deleteTemplate, updateTemplate } from "@/lib/server/templates";
import { copyTemplateSchema, templateSchema, updateTemplateSchema } from "@/lib/validation/templates";

export async function createTemplateAction(_prev: unknown, formData: FormData) {
  const result = await runAction(templateSchema, formObject(formData), createTemplate);
  if (!result.ok) return result;
  revalidatePath("/templates");
  redirect(`/templates/${result.data.id}?saved=1`);
}

export async function updateTemplateAction(_prev: unknown, formData: FormData) {
  const result = await runAction(updateTemplateSchema, formObject(formData), updateTemplate);
  if (result.ok) revalidatePath("/templates");
  return result;
}

export async function copyTemplateAction(formData: FormData) {
  const result = await runAction(copyTemplateSchema, formObject(formData), (actor, data) => copyTemplate(actor, data.id));
  if (!result.ok) redirect(`/templates?error=${encodeURIComponent(result.error)}`);
  revalidatePath("/templates");
  redirect(`/templates/${result.data.id}`);
}

export async function deleteTemplateAction(formData: FormData) {
  const result = await runAction(copyTemplateSchema, formObject(formData), (actor, data) => deleteTemplate(actor, data.id));
  revalidatePath("/templates");
  redirect(result.ok ? "/templates?deleted=1" : `/templates?error=${encodeURIComponent(result.error)}`);
}
