import { env as appEnv } from "../env";

/**
 * The client address that sign-in attempts are counted against, or null when the request has
 * none. Next.js offers no way to the connection itself: it puts the socket's address into
 * X-Forwarded-For when the header is absent, and keeps the header as it came otherwise. So the
 * address is the hop that the nearest trusted party wrote: the last one, or with TRUST_PROXY=n
 * (n proxies in front, each appending) the n-th from the end. A client that reaches Next.js
 * directly can send its own header and so choose its address; the per-account limits in
 * lib/server/sign-in-limits hold whatever address it claims.
 */
export function clientAddress(headers: Headers | undefined, env: { TRUST_PROXY?: string | number } = appEnv()): string | null {
  const hops = (headers?.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (!hops.length) return null;
  const trusted = Number.parseInt(String(env.TRUST_PROXY ?? ""), 10);
  const fromEnd = Number.isInteger(trusted) && trusted >= 1 ? trusted : 1;
  return hops[Math.max(0, hops.length - fromEnd)].slice(0, 100);
}
