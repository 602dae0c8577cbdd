/**
 * Starts, once per server process (never during `next build`), the mail worker and the
 * collaboration server (Hocuspocus on COLLAB_PORT, default 3001). Both live in the Next.js
 * process: the embedded PGlite database admits one process per data folder.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { filterErrorsInLogs, logFailure } = await import("./lib/log");
  filterErrorsInLogs();
  if (process.env.MAIL_WORKER !== "off") {
    const { startWorker } = await import("./lib/jobs/worker");
    startWorker().catch((error: unknown) => logFailure("mail worker did not start", error));
  }
  if (process.env.COLLAB_SERVER !== "off") {
    const { startCollabOnce } = await import("./lib/collab/server");
    const port = Number(process.env.COLLAB_PORT || 3001);
    startCollabOnce({ port, address: process.env.COLLAB_HOST || undefined, redisUrl: process.env.REDIS_URL || null }).then(
      () => console.log(`collaboration server on port ${port}${process.env.REDIS_URL ? " (Redis)" : ""}`),
      (error: unknown) => logFailure("collaboration server did not start", error),
    );
  }
}
