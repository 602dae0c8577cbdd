"use client";

import { useCallback, useEffect, type RefObject } from "react";

/** Every draft key starts so: the sign-in page clears them all (components/ui/ClearDrafts.tsx). */
export const DRAFT_PREFIX = "between-us:draft:";

/**
 * A half-written field that survives a reload: kept in this tab's sessionStorage (never sent
 * anywhere, gone when the tab closes), restored on mount, dropped once the form was saved.
 * Returns the `onInput` to spread on the field and `clear` to call after a successful save.
 */
export function useDraft(key: string | null, field: RefObject<HTMLTextAreaElement | HTMLInputElement | null>, onRestore?: (length: number) => void) {
  const storageKey = key ? DRAFT_PREFIX + key : null;
  useEffect(() => {
    if (!storageKey || !field.current || field.current.value) return;
    try {
      const saved = window.sessionStorage.getItem(storageKey);
      if (saved) {
        field.current.value = saved;
        onRestore?.(saved.length);
      }
    } catch {
      // Storage refused (private mode, quota): no draft, nothing else changes.
    }
    // Restored once per key, when the form first shows (onRestore is the caller's state setter).
  }, [storageKey, field, onRestore]);
  const onInput = useCallback(
    (e: { currentTarget: { value: string } }) => {
      if (!storageKey) return;
      try {
        if (e.currentTarget.value) window.sessionStorage.setItem(storageKey, e.currentTarget.value);
        else window.sessionStorage.removeItem(storageKey);
      } catch {
        // As above.
      }
    },
    [storageKey],
  );
  const clear = useCallback(() => {
    if (!storageKey) return;
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch {
      // As above.
    }
  }, [storageKey]);
  return { onInput, clear };
}
