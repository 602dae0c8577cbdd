import { getActor } from "@/lib/auth";
import { exportMyRecord } from "@/lib/server/export";

/** The report's own one-on-one record as a JSON download; the export is logged in their access log. */
export async function GET() {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in to continue." }, { status: 401 });
  const record = await exportMyRecord(actor);
  return new Response(JSON.stringify(record, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="between-us-record-${record.exportedAt.slice(0, 10)}.json"`,
      "cache-control": "no-store",
    },
  });
}
