"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Editor, JSONContent } from "@tiptap/react";
import RichTextEditor from "@/components/editor/RichTextEditor";
import { buttonClass, secondaryButtonClass } from "@/components/ui/Field";
import type { ActionResult } from "@/lib/actions";

export type SaveFn = (input: { meetingId: string; baseVersion: number; content: string }) => Promise<
  ActionResult<{ version: number; savedAt: Date }>
>;

type Status = "idle" | "saving" | "saved" | "error" | "conflict";
type Conflict = { theirs: JSONContent; theirVersion: number; message: string };

const SAVE_DELAY_MS = 700;

/** The shared agenda: saves by itself shortly after typing stops; never overwrites newer text silently. */
export default function AgendaEditor(props: {
  meetingId: string;
  content: JSONContent;
  version: number;
  save: SaveFn;
  label: string;
  // Another document editor on the same page (private notes) needs its own names.
  statusTestId?: string;
  theirsLabel?: string;
}) {
  const { meetingId, save, label, statusTestId = "save-status", theirsLabel = "Their version of the agenda" } = props;
  const [status, setStatus] = useState<Status>("idle");
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const version = useRef(props.version);
  const pending = useRef<JSONContent | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const editorRef = useRef<Editor | null>(null);

  const flush = useCallback(async () => {
    if (inFlight.current || !pending.current) return;
    const doc = pending.current;
    pending.current = null;
    inFlight.current = true;
    setStatus("saving");
    const result = await save({ meetingId, baseVersion: version.current, content: JSON.stringify(doc) }).catch(() => null);
    inFlight.current = false;
    if (result?.ok) {
      version.current = result.data.version;
      setError(null);
      if (pending.current) void flush();
      else setStatus("saved");
      return;
    }
    if (result && result.code === "conflict") {
      const details = result.details as { content: JSONContent; version: number };
      setConflict({ theirs: details.content, theirVersion: details.version, message: result.error });
      setStatus("conflict");
      return;
    }
    // Keep the unsaved text so that the next change or a retry sends it again.
    pending.current ??= doc;
    setError(result?.error ?? "Could not reach the server. Your text is kept here; we will retry.");
    setStatus("error");
  }, [meetingId, save]);

  const onChange = useCallback(
    (doc: JSONContent) => {
      pending.current = doc;
      if (conflict) return;
      setStatus("saving");
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [conflict, flush],
  );

  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (pending.current || inFlight.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => window.removeEventListener("beforeunload", beforeUnload);
  }, []);

  const keepMine = () => {
    if (!conflict || !editorRef.current) return;
    version.current = conflict.theirVersion;
    pending.current = editorRef.current.getJSON();
    setConflict(null);
    void flush();
  };
  const useTheirs = () => {
    if (!conflict || !editorRef.current) return;
    version.current = conflict.theirVersion;
    editorRef.current.commands.setContent(conflict.theirs, { emitUpdate: false });
    pending.current = null;
    setConflict(null);
    setStatus("saved");
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-end text-sm" aria-live="polite" data-testid={statusTestId}>
        {status === "saving" ? <span className="text-stone-600">Saving...</span> : null}
        {status === "saved" ? <span className="text-teal-800">Saved</span> : null}
        {status === "error" ? <span className="text-red-700" role="alert">{error}</span> : null}
        {status === "conflict" ? <span className="text-amber-800">Not saved: newer version on the server</span> : null}
      </div>
      {conflict ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-4" role="alert">
          <p className="font-medium text-amber-950">{conflict.message}</p>
          <p className="mt-1 text-sm text-amber-900">
            Your text is still in the editor below and nothing has been overwritten. Compare the two, then choose.
          </p>
          <div className="mt-3">
            <p className="mb-1 text-sm font-medium text-stone-800">Their version</p>
            <RichTextEditor content={conflict.theirs} editable={false} label={theirsLabel} />
          </div>
          <div className="mt-3 flex gap-2">
            <button type="button" className={buttonClass} onClick={keepMine}>Keep my version</button>
            <button type="button" className={secondaryButtonClass} onClick={useTheirs}>Use their version</button>
          </div>
        </div>
      ) : null}
      <RichTextEditor content={props.content} onChange={onChange} label={label} onReady={(e) => (editorRef.current = e)} />
    </div>
  );
}
