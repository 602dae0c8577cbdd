"use client";

import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { HocuspocusProvider } from "@hocuspocus/provider";
import Collaboration from "@tiptap/extension-collaboration";
import * as Y from "yjs";
import RichTextEditor from "@/components/editor/RichTextEditor";
import type { ActionResult } from "@/lib/actions";
import { YJS_FIELD } from "@/lib/collab/names";
import { CollaborationCaret, type CaretUser } from "@/lib/editor/caret";
import { baseExtensions } from "@/lib/editor/extensions";

export type TokenFn = (input: { meetingId: string }) => Promise<ActionResult<{ token: string; documentName: string }>>;
export type CollabEndpoint = { url: string | null; port: number };
/** Which document to open, as whom, and how it is labelled: what the page passes down. */
export type CollabDocumentProps = {
  meetingId: string;
  documentName: string;
  endpoint: CollabEndpoint;
  user: CaretUser;
  getToken: TokenFn;
  label: string;
  statusTestId?: string;
};

type Status = "connecting" | "saving" | "saved" | "offline" | "refused" | "completed";

const messages: Record<Status, ReactNode> = {
  connecting: <span className="text-stone-600">Connecting...</span>,
  saving: <span className="text-stone-600">Saving...</span>,
  saved: <span className="text-teal-800">Saved</span>,
  offline: <span className="text-amber-800">Offline: keep typing, your changes are kept here and merge when the connection returns</span>,
  refused: null,
  completed: (
    <span className="text-amber-800" role="alert">
      This meeting was completed: its agenda is read-only now. Reload the page to see its final text.
    </span>
  ),
};

/** Why the server refused, in words (the reason is the close reason or the refusal's name). */
function refusalText(reason: string | null): string {
  switch (reason) {
    case "quarantined":
      return "This document could not be opened for editing. Its last saved version is shown below.";
    case "refused:document-too-complex":
      return "Your last change was not saved: the document has grown too complex (too many separate edits). Reload the page to continue from the saved text.";
    case "refused:document-too-large":
      return "Your last change was not saved: the document would be larger than 1 MB. Reload the page to continue from the saved text.";
    case "refused:document-too-deep":
      return "Your last change was not saved: lists may be nested at most 32 levels deep. Reload the page to continue from the saved text.";
    case "refused:document-invalid":
    case "refused:update-malformed":
      return "Your last change was not saved: the server could not accept it. Reload the page to continue from the saved text.";
    case "too-many-connections":
      return "This document is open in too many tabs or windows. Close some of them and reload the page.";
    default:
      return "You can no longer edit this document. Reload the page to see its current text.";
  }
}

/** Refusals after which trying again shortly is right (the server asked to slow down). */
const TRANSIENT = new Set(["rate-limited"]);

/**
 * A real-time document (the shared agenda, or one's own private note): Yjs through the
 * collaboration server, with the other people's carets and names. Every change is sent at once;
 * "Saved" means the server acknowledged it, which it does only after storing it. Offline, the
 * editor keeps working and the changes merge when the connection returns.
 */
export default function CollabEditor(
  props: CollabDocumentProps & {
    /** Shown until the document's first sync (the server-rendered text). */
    fallback: ReactNode;
  },
) {
  const { meetingId, documentName, endpoint, user, getToken, label, statusTestId = "save-status", fallback } = props;
  const [session, setSession] = useState<{ ydoc: Y.Doc; provider: HocuspocusProvider } | null>(null);
  const [synced, setSynced] = useState(false);
  const [status, setStatus] = useState<Status>("connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  // The token action arrives as a prop from the server, a new function after every server render
  // (a refresh of the page): read through a ref, so a refresh never tears down the connection and
  // the document with it (edits not yet flushed would go with them).
  const tokenAction = useRef(getToken);
  useEffect(() => {
    tokenAction.current = getToken;
  }, [getToken]);

  useEffect(() => {
    const ydoc = new Y.Doc();
    const url = endpoint.url ?? `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.hostname}:${endpoint.port}`;
    let refused = false;
    let completed = false;
    let connected = false;
    let everSynced = false;
    // The token could not be fetched (network, server busy): not a refusal; try again shortly.
    let tokenTrouble = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const provider = new HocuspocusProvider({
      url,
      name: documentName,
      document: ydoc,
      // Keystrokes within 100 ms go as one update: a fast typist sends at most ten a second,
      // inside the server's rate (lib/collab/limits.ts), and each is one database write.
      flushDelay: 100,
      // A fresh short-lived token for every (re)connection, issued after lib/policy said yes.
      token: async () => {
        const result = await tokenAction.current({ meetingId }).catch(() => null);
        tokenTrouble = !result || (!result.ok && result.code === "internal");
        return result?.ok ? result.data.token : "";
      },
    });
    const update = () => {
      if (completed) setStatus("completed");
      else if (refused) setStatus("refused");
      else if (!connected || !navigator.onLine) setStatus(everSynced ? "offline" : "connecting");
      else if (!provider.isSynced) setStatus(everSynced ? "saving" : "connecting");
      else if (provider.hasUnsyncedChanges) setStatus("saving");
      else setStatus("saved");
    };
    provider.on("status", ({ status: s }: { status: string }) => {
      connected = s === "connected";
      update();
    });
    provider.on("synced", ({ state }: { state: boolean }) => {
      if (state) {
        everSynced = true;
        setSynced(true);
      }
      update();
    });
    provider.on("unsyncedChanges", update);
    const refuse = (reason: string | null) => {
      refused = true;
      setRefusal(reason);
      update();
      provider.disconnect();
    };
    provider.on("authenticationFailed", ({ reason }: { reason?: string }) => {
      if (!tokenTrouble) return refuse(reason ?? null);
      update();
      retry = setTimeout(reconnect, 3_000);
    });
    // The server closes this document with a reason when access ends or it refuses a change.
    provider.on("close", ({ event }: { event: { reason?: string } }) => {
      if (event?.reason === "meeting-completed") {
        completed = true;
        return refuse(null);
      }
      const reason = event?.reason ?? "";
      if (TRANSIENT.has(reason)) {
        // The refused change is not on the server: "Saving..." until a new connection's sync sends it.
        update();
        retry = setTimeout(reconnect, 3_000);
        return;
      }
      if (reason === "access-removed" || reason.startsWith("refused:") || reason === "too-many-connections") refuse(reason);
    });
    // The browser knows it went offline before a socket times out: say so at once, and on
    // its return open a fresh connection, whose sync handshake merges both sides' edits.
    const wentOffline = () => update();
    function reconnect() {
      if (refused) return;
      if (!connected) {
        void provider.connect();
        return;
      }
      const again = ({ status: s }: { status: string }) => {
        if (s !== "disconnected") return;
        provider.off("status", again);
        void provider.connect();
      };
      provider.on("status", again);
      provider.disconnect();
    }
    const cameBack = () => {
      update();
      reconnect();
    };
    window.addEventListener("offline", wentOffline);
    window.addEventListener("online", cameBack);
    setSession({ ydoc, provider });
    return () => {
      window.removeEventListener("offline", wentOffline);
      window.removeEventListener("online", cameBack);
      if (retry) clearTimeout(retry);
      provider.destroy();
      ydoc.destroy();
      setSession(null);
      setSynced(false);
    };
  }, [meetingId, documentName, endpoint.url, endpoint.port]);

  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (session?.provider.hasUnsyncedChanges) e.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => window.removeEventListener("beforeunload", beforeUnload);
  }, [session]);

  const extensions = useMemo(
    () =>
      session
        ? [
            ...baseExtensions({ undoRedo: false }),
            Collaboration.configure({ document: session.ydoc, field: YJS_FIELD }),
            CollaborationCaret.configure({ awareness: session.provider.awareness, user }),
          ]
        : null,
    [session, user],
  );

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-end text-sm" aria-live="polite" data-testid={statusTestId}>
        {status === "refused" ? (
          <span className="text-red-700" role="alert">
            {refusalText(refusal)}
          </span>
        ) : (
          messages[status]
        )}
      </div>
      {session && synced && extensions && status !== "refused" && status !== "completed" ? (
        <RichTextEditor key={documentName} extensions={extensions} label={label} />
      ) : (
        fallback
      )}
    </div>
  );
}
