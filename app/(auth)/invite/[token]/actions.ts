"use server";

import { redirect } from "next/navigation";
import { formObject } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { logFailure } from "@/lib/log";
import { acceptInvitation } from "@/lib/server/users";
import { acceptInvitationSchema } from "@/lib/validation/auth";
import { fieldErrorsOf } from "@/lib/validation/common";

export type AcceptState = { error?: string; fieldErrors?: Record<string, string[] | undefined> } | null;

// Public door: the invitation token is the credential, checked in lib/server.
export async function acceptInvitationAction(_prev: AcceptState, formData: FormData): Promise<AcceptState> {
  const parsed = acceptInvitationSchema.safeParse(formObject(formData));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    await acceptInvitation(parsed.data);
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    logFailure("accepting an invitation failed", error);
    return { error: "Something went wrong. Nothing was changed; please try again." };
  }
  redirect("/sign-in?welcome=1");
}
