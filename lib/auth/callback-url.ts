/**
 * Rule: after sign-in we only ever go to a path on this site. A callbackUrl arrives in a link
 * anyone can craft, so anything that a browser could read as another origin (`//host`,
 * `/\host`, `https:`, `javascript:`, control characters it would strip) falls back to the dashboard.
 */
export const AFTER_SIGN_IN = "/dashboard";

/** Set by proxy.ts on every request: the path asked for, so that sign-in can come back to it. */
export const REQUEST_PATH_HEADER = "x-request-path";

const BASE = "http://between-us.invalid";

export function safeCallbackUrl(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > 2000) return AFTER_SIGN_IN;
  // One leading slash and no second one or backslash after it: browsers read "\" as "/".
  if (!/^\/(?![/\\])/.test(raw)) return AFTER_SIGN_IN;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return AFTER_SIGN_IN;
  }
  const path = url.pathname + url.search + url.hash;
  // Dot segments can normalize "/.//host" into "//host": check again what we would send.
  if (url.origin !== BASE || !/^\/(?![/\\])/.test(path)) return AFTER_SIGN_IN;
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/api/auth")) return AFTER_SIGN_IN;
  return path;
}
