"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { formObject, runAction } from "@/lib/actions";
import { setActive, setOrgRole } from "@/lib/server/accounts";
import { createReportingLine, endReportingLine, invitePerson } from "@/lib/server/users";
import { createLineSchema, endLineSchema, inviteSchema, setActiveSchema, setOrgRoleSchema } from "@/lib/validation/people";

async function baseUrl() {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export async function inviteAction(_prev: unknown, formData: FormData) {
  const url = await baseUrl();
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
