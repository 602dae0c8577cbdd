import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { THEME_COOKIE, themeOf } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Between Us", template: "%s · Between Us" },
  description: "One-on-ones that managers and their reports can trust.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The theme class is rendered by the server from the cookie, so the first paint has it
  // ("system" resolves in CSS, by prefers-color-scheme): no script, no flash.
  const theme = themeOf((await cookies()).get(THEME_COOKIE)?.value);
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // data-js is set by the script below, before the body is read, and React never manages it.
    <html lang="en" className={theme} suppressHydrationWarning>
      <head>
        {/* Marks that scripts run. Without it (JavaScript off) globals.css shows what a section
            streamed in after its loading placeholder: it stays in the hidden element React sent
            it in, because the script that swaps them never runs. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: 'document.documentElement.setAttribute("data-js","")' }} />
      </head>
      <body className="min-h-screen bg-stone-50 font-sans text-stone-900 antialiased">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-teal-800 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:ring-2 focus:ring-teal-600"
        >
          Skip to main content
        </a>
        {children}
      </body>
    </html>
  );
}
