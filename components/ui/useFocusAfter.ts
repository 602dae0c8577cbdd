"use client";

import { useEffect, type RefObject } from "react";

type Result = { ok: true; data: unknown } | { ok: false } | null | undefined;

/**
 * Where focus goes once a form's action has answered, so that a keyboard or screen-reader user
 * lands on what changed: after a refusal, the first invalid field (else the form's message);
 * after an addition, the new item (`itemId` of the result, an element with tabIndex -1), else the
 * form's own confirmation (an element marked data-focus-after).
 */
export function useFocusAfter(state: Result, form: RefObject<HTMLFormElement | null>, itemId?: (data: unknown) => string | null) {
  useEffect(() => {
    const root = form.current;
    if (!state || !root) return;
    if (!state.ok) {
      const target = root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>('[role="alert"]');
      target?.focus();
      return;
    }
    const id = itemId?.(state.data);
    const item = id ? document.getElementById(id) : null;
    (item ?? root.querySelector<HTMLElement>("[data-focus-after]"))?.focus();
    // Only a new answer moves focus (itemId is a fresh closure each render, so not a dependency).
  }, [state]);
}
