"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { appBaseUrl } from "@/lib/env";
import { confirmImport, previewImport } from "@/lib/server/people-import";
import { confirmImportSchema, importSourceSchema } from "@/lib/validation/people-import";

/** The import's preview: a chosen file or pasted text in, what would happen per row out; writes nothing. */
export async function previewImportAction(_prev: unknown, formData: FormData) {
  const file = formData instanceof FormData ? formData.get("file") : null;
  return runAction(importSourceSchema, formObject(formData), (actor, data) =>
    previewImport(actor, { csv: data.csv, file: file instanceof Blob ? file : null }),
  );
}

/** Applies the previewed text: planned again on the server, in one transaction, or nothing at all. */
export async function confirmImportAction(_prev: unknown, formData: FormData) {
  const url = appBaseUrl(await headers());
  const result = await runAction(confirmImportSchema, formObject(formData), (actor, data) =>
    confirmImport(actor, { text: data.csv, planHash: data.planHash }, url),
  );
  if (result.ok) revalidatePath("/admin/people");
  return result;
}
