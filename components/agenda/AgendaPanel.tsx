"use client";

import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { CaretUser } from "@/lib/editor/caret";
import type { CollabEndpoint, TokenFn } from "./CollabEditor";

const CollabEditor = lazy(() => import("./CollabEditor"));

/**
 * Shows the server-rendered document at once and swaps in the real-time editor when its code
 * has loaded and the document has synced, so the editor's JavaScript (TipTap, Yjs, the
 * provider) stays off the critical path and off every other page.
 */
export function AgendaPanel(props: {
  meetingId: string;
  documentName: string;
  endpoint: CollabEndpoint;
  user: CaretUser;
  getToken: TokenFn;
  label: string;
  statusTestId?: string;
  children: ReactNode;
}) {
  const { children, ...rest } = props;
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <>{children}</>;
  return (
    <Suspense fallback={children}>
      <CollabEditor {...rest} fallback={children} />
    </Suspense>
  );
}
