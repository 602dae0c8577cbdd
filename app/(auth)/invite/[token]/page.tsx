import type { Metadata } from "next";
import Link from "next/link";
import { findInvitation } from "@/lib/server/users";
import { AcceptForm } from "./AcceptForm";

export const metadata: Metadata = { title: "Accept invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = token.length <= 200 ? await findInvitation(token) : null;
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-lg font-semibold">Welcome to Between Us</h1>
      {invitation ? (
        <AcceptForm token={token} name={invitation.name} email={invitation.email} />
      ) : (
        <p className="text-sm text-stone-700">
          This invitation link is no longer valid. Ask your admin for a new one, or{" "}
          <Link className="text-teal-800 underline" href="/sign-in">
            sign in
          </Link>
          .
        </p>
      )}
    </div>
  );
}
