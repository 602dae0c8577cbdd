import { getActor } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { exportMeetingMarkdown } from "@/lib/server/meeting-export";

/**
 * The meeting as a Markdown download, for whoever may open the meeting page (and with their own
 * private note only). Anyone else gets the same 404 as an unknown meeting; signed out, a 401.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ seriesId: string; meetingId: string }> }) {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in to continue." }, { status: 401 });
  const { seriesId, meetingId } = await params;
  try {
    const { filename, markdown } = await exportMeetingMarkdown(actor, meetingId, seriesId);
    return new Response(markdown, {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: "This could not be found." }, { status: 404 });
    throw error;
  }
}
