"use server";

import { AuthError } from "next-auth";
import { formObject } from "@/lib/actions";
import { signIn } from "@/lib/auth/config";
import { oidcProviderList } from "@/lib/auth/providers";
import { signInSchema } from "@/lib/validation/auth";
import { fieldErrorsOf } from "@/lib/validation/common";

export type SignInState = { error?: string; fieldErrors?: Record<string, string[]> } | null;

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse(formObject(formData));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/dashboard" });
    return null;
  } catch (error) {
    // The same message whether or not the account exists.
    if (error instanceof AuthError) return { error: "That email and password do not match an account." };
    throw error;
  }
}

export async function oidcSignInAction(formData: FormData): Promise<void> {
  const provider = String(formObject(formData).provider ?? "");
  if (!oidcProviderList().some((p) => p.id === provider)) return;
  await signIn(provider, { redirectTo: "/dashboard" });
}
