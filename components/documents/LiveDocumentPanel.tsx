"use client";

import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { CollabDocumentProps } from "./CollabEditor";

const CollabEditor = lazy(() => import("./CollabEditor"));

/**
 * Shows the server-rendered document at once and swaps in the real-time editor when its code
 * has loaded and the document has synced, so the editor's JavaScript (TipTap, Yjs, the
 * provider) stays off the critical path and off every other page.
 */
export function LiveDocumentPanel(props: CollabDocumentProps & { children: ReactNode }) {
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
