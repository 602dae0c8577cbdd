"use client";

import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { JSONContent } from "@tiptap/core";
import type { SaveFn } from "./AgendaEditor";

const AgendaEditor = lazy(() => import("./AgendaEditor"));

/**
 * Shows the server-rendered agenda at once and swaps in the editor when its code has loaded,
 * so the editor's JavaScript stays off the critical path and off every other page.
 */
export function AgendaPanel(props: {
  meetingId: string;
  content: JSONContent;
  version: number;
  save: SaveFn;
  label: string;
  statusTestId?: string;
  theirsLabel?: string;
  children: ReactNode;
}) {
  const { children, ...rest } = props;
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <>{children}</>;
  return (
    <Suspense fallback={children}>
      <AgendaEditor {...rest} />
    </Suspense>
  );
}
