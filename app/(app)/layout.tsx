import Link from "next/link";
import { requireUser } from "@/lib/auth";
import { signOutAction } from "./actions";

const link = "rounded px-2 py-1 text-sm text-stone-700 hover:bg-stone-100 hover:text-stone-900";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireUser();
  return (
    <>
      <header className="border-b border-stone-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 py-3">
          <Link href="/dashboard" className="mr-4 font-semibold tracking-tight text-teal-900">
            Between Us
          </Link>
          <Link href="/dashboard" className={link}>Dashboard</Link>
          <Link href="/team" className={link}>Team</Link>
          <Link href="/templates" className={link}>Templates</Link>
          <Link href="/privacy" className={link}>Privacy</Link>
          <Link href="/inbox" className={link}>Inbox</Link>
          <Link href="/settings" className={link}>Settings</Link>
          {actor.orgRole === "admin" ? (
            <>
              <Link href="/admin/people" className={link}>People</Link>
              <Link href="/admin/outbox" className={link}>Outbox</Link>
            </>
          ) : null}
          <span className="ml-auto text-sm text-stone-600">{actor.name}</span>
          <form action={signOutAction}>
            <button className={link}>Sign out</button>
          </form>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </>
  );
}
