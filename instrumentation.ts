/** Starts the mail worker once per server process (never during `next build`). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build" || process.env.MAIL_WORKER === "off") return;
  const { startWorker } = await import("./lib/jobs/worker");
  startWorker().catch((error: unknown) => console.error("mail worker did not start", error));
}
