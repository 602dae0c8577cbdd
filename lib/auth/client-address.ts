/**
 * The client address that sign-in attempts are counted against, or null when there is none to
 * trust. Behind a proxy that sets X-Forwarded-For (TRUST_PROXY=1) it is the header's first hop.
 * Otherwise the header may come from the client itself (Next.js fills it from the socket only
 * when it is absent, and offers no other way to the connection's address), so it is ignored.
 */
export function clientAddress(headers: Headers | undefined, env: Record<string, string | undefined> = process.env): string | null {
  if (env.TRUST_PROXY !== "1") return null;
  const first = headers?.get("x-forwarded-for")?.split(",")[0]?.trim();
  return first ? first.slice(0, 100) : null;
}
