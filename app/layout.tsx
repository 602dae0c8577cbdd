import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Between Us", template: "%s · Between Us" },
  description: "One-on-ones that managers and their reports can trust.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-stone-50 font-sans text-stone-900 antialiased">{children}</body>
    </html>
  );
}
