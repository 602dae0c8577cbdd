"use client";

import { useCallback, useState } from "react";

/** "480 / 500" once the text is within a tenth of its limit; nothing before, so short texts stay quiet. */
export function counterText(length: number, max: number): string | null {
  return length >= Math.ceil(max * 0.9) ? `${length} / ${max}` : null;
}

/** The live count under a text field, shown near its limit (the field's maxLength is the same `max`). */
export function CharCounter({ length, max }: { length: number; max: number }) {
  const text = counterText(length, max);
  if (!text) return null;
  return (
    <p data-testid="char-counter" className={`self-end text-xs tabular-nums ${length >= max ? "text-amber-900" : "text-stone-600"}`}>
      {text}
    </p>
  );
}

/**
 * The length of an uncontrolled field, for CharCounter: put `ref` and `onInput` on the field, call
 * `reset` when the form resets. The ref reads the field once it is attached, so what was typed
 * before the page's script ran (no input event reached React then) is counted too.
 */
export function useCharCount(initial = 0) {
  const [length, setLength] = useState(initial);
  // Stable, so that a form may list `reset` among an effect's dependencies without re-running it.
  const onInput = useCallback((e: { currentTarget: { value: string } }) => setLength(e.currentTarget.value.length), []);
  const reset = useCallback(() => setLength(0), []);
  const ref = useCallback((field: { value: string } | null) => {
    if (field) setLength(field.value.length);
  }, []);
  return { length, onInput, reset, setLength, ref };
}
