import { appBaseUrl } from "@/lib/env";
import { calendarForToken } from "@/lib/server/calendar-feeds";

export const dynamic = "force-dynamic";

/** A private iCalendar feed: the token in the URL is the only credential (calendar apps send no cookies). */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const body = await calendarForToken(token.replace(/\.ics$/, ""), appBaseUrl(request.url));
  if (!body) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="one-on-one.ics"',
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
