/**
 * The colour theme: a preference of this browser, kept in a cookie that the server reads to
 * put the right class on <html> (app/layout.tsx), so the first paint is already in the chosen
 * theme. "system" follows the operating system's setting through a CSS media query (globals.css).
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "theme";
/** A year: a preference, not a session. */
export const THEME_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

export const THEME_LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** The theme a cookie value names; anything else (no cookie, a stale or forged value) is "system". */
export function themeOf(value: string | undefined): Theme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}
