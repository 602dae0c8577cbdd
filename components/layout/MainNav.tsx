"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";

export type NavItem = { href: string; label: string };

const link =
  "rounded px-2 py-1 text-sm text-stone-700 hover:bg-stone-100 hover:text-stone-900 aria-[current=page]:font-semibold aria-[current=page]:text-teal-900";
const menuLink = "block rounded px-3 py-2 text-base text-stone-800 hover:bg-stone-100 aria-[current=page]:font-semibold aria-[current=page]:text-teal-900";

/**
 * The main navigation: a row of links on a wide screen; on a phone, one line with a "Menu"
 * disclosure (a <details>, so it opens without JavaScript too; it closes after each navigation).
 */
export function MainNav({ items, userName, signOut }: { items: NavItem[]; userName: string; signOut: ReactNode }) {
  const pathname = usePathname();
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  const current = (href: string) => (pathname === href || pathname.startsWith(`${href}/`) ? "page" : undefined);
  return (
    <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center gap-2 px-4 py-3">
      <Link href="/dashboard" className="mr-4 font-semibold tracking-tight text-teal-900">
        Between Us
      </Link>
      <ul className="hidden flex-wrap items-center gap-1 lg:flex">
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} className={link} aria-current={current(item.href)}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
      <div className="ml-auto hidden items-center gap-2 lg:flex">
        <span className="text-sm text-stone-600">{userName}</span>
        {signOut}
      </div>
      <details ref={menu} className="relative ml-auto lg:hidden">
        <summary className="cursor-pointer list-none rounded-md border border-stone-300 px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100 [&::-webkit-details-marker]:hidden">
          Menu
        </summary>
        <div className="absolute right-0 z-40 mt-2 w-64 rounded-lg border border-stone-200 bg-white p-2 shadow-lg">
          <ul>
            {items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className={menuLink} aria-current={current(item.href)}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          <div className="mt-2 flex items-center justify-between gap-2 border-t border-stone-200 px-3 pt-2">
            <span className="min-w-0 truncate text-sm text-stone-600">{userName}</span>
            {signOut}
          </div>
        </div>
      </details>
    </nav>
  );
}
