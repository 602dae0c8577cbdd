import { requireUser } from "@/lib/auth";
import { navigationOf } from "@/lib/server/navigation";
import { MainNav, type NavItem } from "@/components/layout/MainNav";
import { signOutAction } from "./actions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireUser();
  const nav = await navigationOf(actor);
  const items: NavItem[] = [
    { href: "/dashboard", label: "Dashboard" },
    ...(nav.team ? [{ href: "/team", label: "Team" }] : []),
    ...(nav.templates ? [{ href: "/templates", label: "Templates" }] : []),
    { href: "/privacy", label: "Privacy" },
    { href: "/inbox", label: "Inbox" },
    { href: "/settings", label: "Settings" },
    ...(nav.people ? [{ href: "/admin/people", label: "People" }] : []),
    ...(nav.outbox ? [{ href: "/admin/outbox", label: "Outbox" }] : []),
  ];
  const signOut = (
    <form action={signOutAction}>
      <button className="rounded px-2 py-1 text-sm text-stone-700 hover:bg-stone-100 hover:text-stone-900">Sign out</button>
    </form>
  );
  return (
    <>
      <header className="border-b border-stone-200 bg-white">
        <MainNav items={items} userName={actor.name} signOut={signOut} />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 focus:outline-none">
        {children}
      </main>
    </>
  );
}
