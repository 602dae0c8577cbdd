"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { appBaseUrl } from "@/lib/env";
import { setActive, setOrgRole } from "@/lib/server/accounts";
import { createReportingLine, endReportingLine, invitePerson } from "@/lib/server/users";
import { supportResourcesSchema } from "@/lib/validation/organization";
import { setSupportResources } from "@/lib/server/organization";
import { createLineSchema, endLineSchema, inviteSchema, setActiveSchema, setOrgRoleSchema } from "@/lib/validation/people";

export async function inviteAction(_prev: unknown, formData: FormData) {
  const url = appBaseUrl(await headers());
  const result = await runAction(inviteSchema, formObject(formData), (actor, data) => invitePerson(actor, data, url));
  if (result.ok) revalidatePath("/admin/people");
  return result;
}

export async function createLineAction(_prev: unknown, formData: FormData) {
  const result = await runAction(createLineSchema, formObject(formData), createReportingLine);
  if (result.ok) revalidatePath("/admin/people");
  return result;
}

export async function endLineAction(_prev: unknown, formData: FormData) {
  const result = await runAction(endLineSchema, formObject(formData), endReportingLine);
  if (result.ok) revalidatePath("/admin/people");
  return result;
}

export async function setOrgRoleAction(_prev: unknown, formData: FormData) {
  const result = await runAction(setOrgRoleSchema, formObject(formData), setOrgRole);
  if (result.ok) revalidatePath("/admin/people");
  return result;
}

export async function setActiveAction(_prev: unknown, formData: FormData) {
  const result = await runAction(setActiveSchema, formObject(formData), setActive);
  if (result.ok) revalidatePath("/admin/people");
  return result;
}

export async function setSupportResourcesAction(_prev: unknown, formData: FormData) {
  const result = await runAction(supportResourcesSchema, formObject(formData), setSupportResources);
  if (result.ok) revalidatePath("/admin/people");
  return result;
}
