import { getActor } from "@/lib/auth";
import { zipFiles } from "@/lib/export/archive";
import { exportMyArchive } from "@/lib/server/export-archive";

/** The person's own record as a zip of Markdown, JSON and an .ics; logged like the JSON export. */
export async function GET() {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in to continue." }, { status: 401 });
  const { filename, files } = await exportMyArchive(actor);
  return new Response(Buffer.from(zipFiles(files)), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
