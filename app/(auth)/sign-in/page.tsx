import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { oidcProviderList } from "@/lib/auth/providers";
import { demoHint } from "@/lib/server/users";
import { secondaryButtonClass } from "@/components/ui/Field";
import { oidcSignInAction } from "./actions";
import { SignInForm } from "./SignInForm";
import { ClearDrafts } from "@/components/ui/ClearDrafts";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  const demo = await demoHint();
  const providers = oidcProviderList();
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
      <ClearDrafts />
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-3 text-sm">
        <Link className="text-teal-800 underline" href="/sign-in/forgot">
          Forgot your password?
        </Link>
      </p>
      {providers.length ? (
        <form action={oidcSignInAction} className="mt-4 flex flex-col gap-2 border-t border-stone-200 pt-4">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          {providers.map((p) => (
            <button key={p.id} name="provider" value={p.id} className={secondaryButtonClass}>
              Continue with {p.name}
            </button>
          ))}
        </form>
      ) : null}
      {demo ? (
        <div className="mt-6 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">Demo data is on.</p>
          <p className="mt-1">
            Every demo account uses the password <code className="font-mono font-semibold">{demo.password}</code>.
          </p>
          <p className="mt-1">
            Try {demo.manager} (manager), {demo.report} (report) or {demo.admin} (admin).
          </p>
        </div>
      ) : null}
    </div>
  );
}
