"use client";

import { useEffect } from "react";
import { setThemeAction } from "@/app/(app)/settings/actions";
import { FormMessage } from "@/components/ui/Field";
import { useActionForm } from "@/components/ui/useActionForm";
import { THEMES, THEME_LABELS, type Theme } from "@/lib/theme";

const option =
  "rounded-md px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-600 aria-pressed:bg-teal-800 aria-pressed:text-white disabled:opacity-60";

/**
 * System, Light or Dark, for this browser. Each choice is a submit button, so it works before
 * hydration too; the server renders the next page in the chosen theme from the cookie.
 */
export function ThemeSwitch({ current }: { current: Theme }) {
  const { state, formProps, pending } = useActionForm(setThemeAction);
  const theme = state?.ok ? state.data.theme : current;
  // The page is re-rendered from the cookie as well; this repaints at once, without waiting for it.
  useEffect(() => {
    const html = document.documentElement;
    html.classList.remove(...THEMES);
    html.classList.add(theme);
  }, [theme]);
  return (
    <form {...formProps}>
      <fieldset>
        <legend id="theme-label" className="text-sm font-medium text-stone-900">
          Theme
        </legend>
        <p id="theme-description" className="text-sm text-stone-600">
          System follows your device&apos;s light or dark setting. Kept in this browser.
        </p>
        <div className="mt-2 inline-flex gap-1 rounded-lg border border-stone-300 p-1" role="group" aria-labelledby="theme-label">
          {THEMES.map((t) => (
            <button key={t} type="submit" name="theme" value={t} aria-pressed={theme === t} disabled={pending} className={option}>
              {THEME_LABELS[t]}
            </button>
          ))}
        </div>
        <FormMessage result={state} />
      </fieldset>
    </form>
  );
}
