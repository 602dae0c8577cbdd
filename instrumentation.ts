/**
 * Runs once per server process before it answers any request (never during `next build`):
 * checks the configuration, opens the database (unlocking the private notes' key), loads the browser tests' fixtures when asked, and starts the mail
 * worker and the collaboration server (Hocuspocus on COLLAB_PORT). Both live in the Next.js
 * process: the embedded PGlite database admits one process per data folder.
 */
export async function register() {
  // Next.js sets these two itself; they decide whether anything below may load at all.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // The data folder, key files and anything else this server writes are its OS user's only.
  const { privateUmask } = await import("./lib/private-files");
  privateUmask();
  const { env } = await import("./lib/env");
  let config;
  try {
    config = env();
  } catch (error) {
    // A wrong value stops the server here, with the variable named, rather than on some later request.
    console.error((error as Error).message);
    process.exit(1);
  }
  const { filterErrorsInLogs, logFailure } = await import("./lib/log");
  filterErrorsInLogs();
  // The database opens here, not on the first request: a notes key that is missing or does not
  // unwrap the stored one stops the server now, with its message (key ids only, never a key).
  const { getDb } = await import("./db/client");
  await getDb().catch((error: unknown) => {
    if (error instanceof Error && error.name === "NotesKeyError") {
      console.error(`Private notes are locked: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof Error && error.name === "PrivateFilesError") {
      console.error(error.message);
      process.exit(1);
    }
    // Anything else (a database not reachable yet) is retried on use, as before.
    logFailure("database did not open at start", error);
  });
  if (config.E2E_FIXTURES === "on") {
    // The browser tests' people and series (scripts/e2e-server.mjs, e2e/servers.ts), loaded
    // after the demo data and before the first request, in the process that holds the database.
    const { seedE2EFixtures } = await import("./db/seed-e2e");
    await seedE2EFixtures(await getDb());
  }
  if (config.MAIL_WORKER === "on") {
    const { startWorker } = await import("./lib/jobs/worker");
    startWorker().catch((error: unknown) => logFailure("mail worker did not start", error));
  }
  if (config.COLLAB_SERVER === "on") {
    const { startCollabOnce } = await import("./lib/collab/server");
    const port = config.COLLAB_PORT;
    startCollabOnce({ port, address: config.COLLAB_HOST, redisUrl: config.REDIS_URL ?? null }).then(
      () => console.log(`collaboration server on port ${port}${config.REDIS_URL ? " (Redis)" : ""}`),
      (error: unknown) => logFailure("collaboration server did not start", error),
    );
  }
}
