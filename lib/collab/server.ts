import "server-only";
import { Server, type Hocuspocus } from "@hocuspocus/server";
import * as Y from "yjs";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logFailure, logRefusal } from "@/lib/log";
import { authorizeCollabDocument, colorOf, verifyCollabToken } from "@/lib/server/collab";
import { appendCollabUpdate, compactCollabDocument, compactPendingDocuments, loadCollabState, QuarantinedDocument } from "@/lib/server/collab-store";
import { type AccessChange, onAccessChanged } from "./access-events";
import { AwarenessGuard } from "./awareness";
import { Refusal, SocketGuard } from "./guard";
import { MAX_MESSAGE_BYTES, MAX_UNAUTHENTICATED_MESSAGE_BYTES } from "./limits";
import { parseDocumentName } from "./names";
import { validateUpdate } from "./validate-update";

/** What a connection carries after its token and access were checked. */
export type CollabContext = { userId: string; sessionVersion: number; name: string; checkedAt: number; user: { name: string; color: string } };

export type CollabServerOptions = {
  port: number;
  address?: string;
  /** How often every open connection's access is read again from the database (ms). */
  recheckMs?: number;
  /** Redis for several collaboration servers on one document (@hocuspocus/extension-redis). */
  redisUrl?: string | null;
  quiet?: boolean;
};

const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** Close code the browser sees when access ends (4403: the app's "forbidden"). */
export const ACCESS_ENDED = { code: 4403, reason: "access-removed" };
/** Close code when the meeting of an agenda was completed while the connection was open. */
export const MEETING_COMPLETED = { code: 4409, reason: "meeting-completed" };

/**
 * Runs a database step of a hook. Hocuspocus logs what a hook throws, and a failed query's
 * message quotes its parameters (a document's text): the log gets the error's kind only
 * (lib/log), and Hocuspocus a content-free error. AppErrors say nothing private and pass.
 */
async function stored<T>(what: string, documentName: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AppError) throw error;
    logFailure(`collab: ${what} failed`, error, { documentName });
    // No `cause` on purpose: Hocuspocus would print it, message and all.
    // eslint-disable-next-line preserve-caught-error -- a cause would be printed by Hocuspocus, message (document text) and all
    throw new Error(`collab: ${what} failed`);
  }
}

/**
 * An update refused: one log line (the refusal and the kind of document, never its content or
 * the person), and the error that makes Hocuspocus close the connection with `reason`.
 */
function refused(documentName: string, reason: string, code?: number) {
  return logRefusal(`collab: refused an update (${reason}) to ${parseDocumentName(documentName)?.kind ?? "a document"}`, new Refusal(reason, code));
}

function reasonOf(error: unknown) {
  if (error instanceof Refusal) return error.reason;
  return error instanceof AppError ? error.code : "permission-denied";
}

/**
 * The collaboration server: Hocuspocus on its own port, in the same process as Next.js (PGlite
 * allows one process per data folder). Every connection shows a token signed by the app for one
 * document and one person; access is then read from the database through lib/policy, on connect,
 * before any edit if the last check is older than `recheckMs`, and for every open connection
 * every `recheckMs`: a person whose access ended is disconnected.
 *
 * Durability: each client update is appended to collab_updates in the beforeSync hook, which
 * Hocuspocus awaits before it applies the update and sends the acknowledgement (SyncStatus), so
 * an acknowledged edit is already in the database. Stores (debounced, and on unload and stop)
 * compact the log into one state row and derive the ProseMirror JSON.
 */
export async function startCollabServer(options: CollabServerOptions) {
  const recheckMs = options.recheckMs ?? 10_000;
  const extensions = [];
  if (options.redisUrl) {
    const { Redis } = await import("@hocuspocus/extension-redis");
    const url = new URL(options.redisUrl);
    extensions.push(
      new Redis({
        host: url.hostname,
        port: Number(url.port || 6379),
        options: {
          ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
          ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
        },
        prefix: env().COLLAB_REDIS_PREFIX,
      }),
    );
  }

  /** Reads access again; says whether the document is read-only now (a completed meeting's agenda). */
  const recheck = async (context: CollabContext) => {
    const { readOnly } = await authorizeCollabDocument(context.userId, context.sessionVersion, context.name);
    context.checkedAt = Date.now();
    return readOnly;
  };

  const guard = new SocketGuard();
  const awareness = new AwarenessGuard();
  const server = new Server<CollabContext>({
    name: "between-us-collab",
    // No message larger than one update; before authentication, a few kB (./guard.ts).
    websocketOptions: { maxPayload: MAX_MESSAGE_BYTES },
    maxUnauthenticatedQueueSize: 4 * MAX_UNAUTHENTICATED_MESSAGE_BYTES,
    maxUnauthenticatedQueueMessages: 50,
    async onUpgrade({ request, socket }) {
      guard.admitSocket(request, socket);
    },
    port: options.port,
    address: options.address,
    quiet: options.quiet ?? true,
    stopOnSignals: false,
    debounce: 2_000,
    maxDebounce: 10_000,
    extensions,
    async onAuthenticate({ token, documentName, connectionConfig }) {
      try {
        const claims = await verifyCollabToken(token, documentName);
        const { actor, readOnly } = await authorizeCollabDocument(claims.userId, claims.sessionVersion, documentName, { connecting: true });
        guard.admitPerson(server.hocuspocus, actor.id);
        // Hocuspocus then answers every update of this connection with "not stored" and applies none.
        connectionConfig.readOnly = readOnly;
        return {
          userId: claims.userId,
          sessionVersion: claims.sessionVersion,
          name: documentName,
          checkedAt: Date.now(),
          user: { name: actor.name, color: colorOf(actor.id) },
        } satisfies CollabContext;
      } catch (error) {
        // Hocuspocus sends `reason` to the provider as "permission denied".
        throw Object.assign(new Error("refused"), { reason: reasonOf(error) });
      }
    },
    async beforeHandleMessage({ update, documentName, connection }) {
      try {
        awareness.checkMessage(connection, update);
      } catch (error) {
        throw error instanceof Refusal ? refused(documentName, error.reason, error.code) : error;
      }
    },
    // A caret shows the signed-in person's name and colour, whatever a client claims (./awareness.ts).
    async beforeHandleAwareness({ context, connection, document, states }) {
      if (!context || !connection) return;
      awareness.sanitize(document, connection, context, context.user, states);
    },
    async onLoadDocument({ documentName, document }) {
      try {
        Y.applyUpdate(document, await loadCollabState(documentName));
      } catch (error) {
        if (!(error instanceof QuarantinedDocument)) logFailure("collab: loading failed", error, { documentName });
        // A quarantined document is not opened: the page shows its last good content instead.
        throw Object.assign(new Error("not loaded"), { reason: error instanceof QuarantinedDocument ? "quarantined" : "permission-denied" });
      }
    },
    async beforeSync({ type, payload, documentName, context, connection, document }) {
      if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return;
      if (connection.readOnly) return;
      if (Date.now() - context.checkedAt > recheckMs) {
        try {
          await recheck(context);
        } catch {
          throw refused(documentName, ACCESS_ENDED.reason, ACCESS_ENDED.code);
        }
      }
      try {
        await guard.takeUpdate(connection, context.userId, payload.byteLength, SocketGuard.backlogOf(connection));
      } catch (error) {
        throw error instanceof Refusal ? refused(documentName, error.reason, error.code) : error;
      }
      // One update at a time between other work: a flood must not hold the event loop (PGlite
      // answers within microtasks, so a queue of updates would otherwise never let timers run).
      await new Promise<void>((resolve) => setImmediate(resolve));
      // Decoded and applied to a scratch copy first: a refused update is neither stored nor applied.
      const checked = validateUpdate(document, payload);
      if (!checked.ok) {
        connection.sendStateless(JSON.stringify({ refused: checked.reason }));
        throw refused(documentName, `refused:${checked.reason}`);
      }
      // Nothing new (a reconnecting client resending what is stored): nothing to log.
      if (!checked.changes) return;
      // Refused (nothing stored, nothing applied) when the agenda's meeting was completed meanwhile.
      if (!(await stored("appending an update", documentName, () => appendCollabUpdate(documentName, payload)))) {
        throw refused(documentName, MEETING_COMPLETED.reason, MEETING_COMPLETED.code);
      }
    },
    async onStoreDocument({ documentName, document, lastContext }) {
      await stored("storing", documentName, () =>
        compactCollabDocument(documentName, { memory: Y.encodeStateAsUpdate(document), editorId: lastContext?.userId ?? null }),
      );
    },
  });

  guard.limitUnauthenticated(server.hocuspocus);
  // Every open connection's access, read again while it lives; at once for the connections an
  // access change concerns (./access-events.ts), and every recheckMs for all as a backstop.
  const timer = setInterval(() => void recheckAll(server.hocuspocus, recheck), recheckMs);
  timer.unref();
  const stopListening = await onAccessChanged((change) => void recheckAll(server.hocuspocus, recheck, concerns(change)), options.redisUrl);
  await server.listen();
  // Edits acknowledged before a crash: derive their JSON now (a failure here is no reason not to serve).
  await compactPendingDocuments().catch((error: unknown) => logFailure("collab: compacting pending documents failed", error));
  return {
    server,
    port: server.address.port,
    async stop() {
      clearInterval(timer);
      await stopListening();
      await server.destroy();
    },
  };
}

/** Which open connections an access change concerns (a person's, a meeting's, or all). */
function concerns(change: AccessChange) {
  return (documentName: string, context: CollabContext) =>
    (!change.userId || context.userId === change.userId) && (!change.meetingId || parseDocumentName(documentName)?.meetingId === change.meetingId);
}

async function recheckAll(
  instance: Hocuspocus<CollabContext>,
  recheck: (c: CollabContext) => Promise<boolean>,
  which: (documentName: string, context: CollabContext) => boolean = () => true,
) {
  for (const document of instance.documents.values()) {
    for (const connection of document.getConnections()) {
      if (!which(document.name, connection.context)) continue;
      try {
        // An editing connection to an agenda whose meeting was completed: the editor turns read-only.
        if ((await recheck(connection.context)) && !connection.readOnly) connection.close(MEETING_COMPLETED);
      } catch {
        connection.close(ACCESS_ENDED);
      }
    }
  }
}

const store = globalThis as unknown as { __betweenUsCollab?: Promise<Awaited<ReturnType<typeof startCollabServer>>> };

/**
 * Starts the collaboration server once per process (dev reloads instrumentation; guard it).
 * A graceful stop (SIGTERM, SIGINT) stores and compacts every open document before the
 * process ends; what was acknowledged is in the database already, whatever the stop.
 */
export function startCollabOnce(options: CollabServerOptions) {
  if (!store.__betweenUsCollab) {
    store.__betweenUsCollab = startCollabServer(options);
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        const deadline = setTimeout(() => process.exit(0), 10_000);
        void stopCollab()
          .catch((error: unknown) => logFailure("collaboration server did not stop cleanly", error))
          .finally(() => {
            clearTimeout(deadline);
            process.exit(0);
          });
      });
    }
  }
  return store.__betweenUsCollab;
}

/** The collaboration server of this process, if it runs here (it does under `next start` and `next dev`). */
export async function runningCollab() {
  return (await store.__betweenUsCollab?.catch(() => null)) ?? null;
}

/** Stops it (a graceful stop stores and compacts every open document first). */
export async function stopCollab() {
  const running = await store.__betweenUsCollab?.catch(() => null);
  store.__betweenUsCollab = undefined;
  await running?.stop();
}
