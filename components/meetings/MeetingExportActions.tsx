"use client";

import { useEffect } from "react";
import { secondaryButtonClass } from "@/components/ui/Field";

/**
 * "Download as Markdown" and "Print" for a meeting page. While the page prints (from this button
 * or the browser's own menu), the sections marked data-print-open (the private note) are opened
 * so their text is on paper, and closed again afterwards.
 */
export function MeetingExportActions({ markdownHref }: { markdownHref: string }) {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];
    const before = () => {
      opened = [...document.querySelectorAll<HTMLDetailsElement>("details[data-print-open]:not([open])")];
      for (const d of opened) d.open = true;
    };
    const after = () => {
      for (const d of opened) d.open = false;
      opened = [];
    };
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
  return (
    <div className="flex items-center gap-2 print:hidden">
      <a href={markdownHref} download className={secondaryButtonClass}>
        Download as Markdown
      </a>
      <button type="button" className={secondaryButtonClass} onClick={() => window.print()}>
        Print
      </button>
    </div>
  );
}
