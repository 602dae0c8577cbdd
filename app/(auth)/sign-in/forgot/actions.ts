"use server";

import { headers } from "next/headers";
import { formObject } from "@/lib/actions";
import { appBaseUrl } from "@/lib/env";
import { requestRecoveryByMail } from "@/lib/server/recovery";
import { fieldErrorsOf } from "@/lib/validation/common";
import { requestRecoverySchema } from "@/lib/validation/auth";

export type ForgotState = { sent?: boolean; fieldErrors?: Record<string, string[] | undefined> } | null;

// Public door: the answer is the same whether or not the account exists; the link goes to its address only.
export async function requestRecoveryAction(_prev: ForgotState, formData: FormData): Promise<ForgotState> {
  const parsed = requestRecoverySchema.safeParse(formObject(formData));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  await requestRecoveryByMail(parsed.data, appBaseUrl(await headers()));
  return { sent: true };
}
