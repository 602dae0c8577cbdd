import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/callback-url";
import { env } from "@/lib/env";
import { oversizedWrite } from "@/lib/request-size";

/**
 * Security headers for every page: a Content-Security-Policy with a fresh nonce per request
 * (Next.js puts it on its own scripts), so no inline script runs unless we rendered it.
 * This is defence in depth only: authorization never depends on this file.
 */
export function proxy(request: NextRequest) {
  const refusal = refuseForeignOrigin(request);
  if (refusal) return refusal;
  const oversized = oversizedWrite(request.method, request.nextUrl.pathname, request.headers);
  if (oversized) return new NextResponse(oversized.message, { status: oversized.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const nonce = btoa(crypto.randomUUID());
  // NODE_ENV is Next.js's own (next dev / next start), not configuration.
  const dev = process.env.NODE_ENV !== "production";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // The editor positions elements with inline styles; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self' ${collabSource(request)}${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Always ours, never the client's: requireUser() sends a signed-out visitor to sign in and back here.
  requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/** The collaboration server (the real-time editor's WebSocket): COLLAB_PUBLIC_URL, else this host on COLLAB_PORT. */
function collabSource(request: NextRequest): string {
  const { COLLAB_PUBLIC_URL, COLLAB_PORT: port } = env();
  if (COLLAB_PUBLIC_URL) return new URL(COLLAB_PUBLIC_URL).origin.replace(/^http/, "ws");
  // The browser connects to the host it loaded the page from (CollabEditor), so the Host header's.
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || request.nextUrl.host;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    hostname = request.nextUrl.hostname;
  }
  return `ws://${hostname}:${port} wss://${hostname}:${port}`;
}

/**
 * A write (any method but GET, HEAD and OPTIONS: server actions above all) whose Origin names
 * another host is refused here with a 403. Next.js would refuse a foreign server action too,
 * but with a 500; a browser always sends Origin on such requests, so a missing one is let
 * through to Next's own check. The host is the one Next itself compares with.
 */
function refuseForeignOrigin(request: NextRequest): NextResponse | null {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return null;
  // An identity provider may post its answer back (response_mode=form_post); Auth.js checks
  // those requests with its own state and CSRF tokens.
  if (request.nextUrl.pathname.startsWith("/api/auth/")) return null;
  const origin = request.headers.get("origin");
  if (!origin) return null;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  let originHost: string | null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost && host && originHost.toLowerCase() === host.toLowerCase()) return null;
  return new NextResponse("This request came from another site and was refused.", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
