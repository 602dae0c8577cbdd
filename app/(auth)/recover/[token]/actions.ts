"use server";

import { redirect } from "next/navigation";
import { formObject } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { logFailure } from "@/lib/log";
import { completeRecovery } from "@/lib/server/recovery";
import { recoverAccountSchema } from "@/lib/validation/auth";
import { fieldErrorsOf } from "@/lib/validation/common";

export type RecoverState = { error?: string; fieldErrors?: Record<string, string[] | undefined> } | null;

// Public door: the one-time recovery token is the credential, checked in lib/server.
export async function recoverAccountAction(_prev: RecoverState, formData: FormData): Promise<RecoverState> {
  const parsed = recoverAccountSchema.safeParse(formObject(formData));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    await completeRecovery(parsed.data);
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    logFailure("recovering an account failed", error);
    return { error: "Something went wrong. Nothing was changed; please try again." };
  }
  redirect("/sign-in?recovered=1");
}
