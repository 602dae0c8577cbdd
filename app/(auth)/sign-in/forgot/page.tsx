import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";
import { ForgotForm } from "./ForgotForm";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPage() {
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-lg font-semibold">Forgot your password?</h1>
      {env().SMTP_URL ? (
        <ForgotForm />
      ) : (
        <p className="text-sm text-stone-700">
          This installation sends no mail, so a new password cannot come by email. Ask the people who run the server: they can make you a one-time link. Your
          organization&apos;s admins cannot.
        </p>
      )}
      <p className="mt-4 text-sm">
        <Link className="text-teal-800 underline" href="/sign-in">
          Back to sign-in
        </Link>
      </p>
    </div>
  );
}
