"use server";

import { AuthError } from "next-auth";
import { formObject } from "@/lib/actions";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signIn, TooManyAttempts } from "@/lib/auth/config";
import { oidcProviderList } from "@/lib/auth/providers";
import { signInSchema } from "@/lib/validation/sign-in";
import { fieldErrorsOf } from "@/lib/validation/common";

export type SignInState = { error?: string; fieldErrors?: Record<string, string[]> } | null;

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const fields = formObject(formData);
  const parsed = signInSchema.safeParse(fields);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    // signIn redirects (a 303 when the form was posted without JavaScript).
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackUrl(fields.callbackUrl) });
    return null;
  } catch (error) {
    // The same messages whether or not the account exists.
    if (error instanceof TooManyAttempts) {
      return { error: `Too many failed sign-in attempts. Try again in ${error.minutes} minute${error.minutes === 1 ? "" : "s"}.` };
    }
    if (error instanceof AuthError) return { error: "That email and password do not match an account." };
    throw error;
  }
}

export async function oidcSignInAction(formData: FormData): Promise<void> {
  const fields = formObject(formData);
  const provider = String(fields.provider ?? "");
  if (!oidcProviderList().some((p) => p.id === provider)) return;
  await signIn(provider, { redirectTo: safeCallbackUrl(fields.callbackUrl) });
}
