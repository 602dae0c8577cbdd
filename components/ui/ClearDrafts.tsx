"use client";

import { useEffect } from "react";
import { DRAFT_PREFIX } from "./useDraft";

/** On the sign-in page: the drafts of whoever used this tab before are dropped. */
export function ClearDrafts() {
  useEffect(() => {
    try {
      for (const key of Object.keys(window.sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) window.sessionStorage.removeItem(key);
    } catch {
      // Storage refused: there are no drafts either.
    }
  }, []);
  return null;
}
