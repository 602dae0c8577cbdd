import type { Metadata } from "next";
import Link from "next/link";
import { findRecovery } from "@/lib/server/recovery";
import { RecoverForm } from "./RecoverForm";

export const metadata: Metadata = { title: "Set a new password" };

export default async function RecoverPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const recovery = token.length <= 200 ? await findRecovery(token) : null;
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-lg font-semibold">Set a new password</h1>
      {recovery ? (
        <RecoverForm token={token} email={recovery.email} />
      ) : (
        <p className="text-sm text-stone-700">
          This link is no longer valid: it works once and for a short time.{" "}
          <Link className="text-teal-800 underline" href="/sign-in/forgot">
            Ask for a new one
          </Link>
          .
        </p>
      )}
    </div>
  );
}
