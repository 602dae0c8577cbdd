"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { ActionResult } from "@/lib/actions";

/** How often an open, visible meeting page asks whether something changed. */
const EVERY_MS = 4_000;
/**
 * The first ask waits longer: server actions run one after another in the browser, and the
 * editors' token requests (also actions) should not queue behind a poll while the page opens.
 */
const FIRST_MS = 10_000;

type Poll = (input: { meetingId: string }) => Promise<ActionResult<{ fingerprint: string }>>;

/**
 * Keeps the open meeting page current for both people: while the page is visible it polls a digest
 * of the meeting's topics, action items and status, and when the digest differs from the one the
 * page was rendered with, it refreshes the page (the server renders it again through its one
 * loader, which decides what this person sees; typed text and the editors stay as they are).
 * The digest carries no content, so the poll adds no new way for anything to leave the server.
 */
export function LiveRefresh({ meetingId, fingerprint, poll }: { meetingId: string; fingerprint: string; poll: Poll }) {
  const router = useRouter();
  const known = useRef(fingerprint);
  // Every render from the server (after one's own change too) brings the digest it was made from.
  useEffect(() => {
    known.current = fingerprint;
  }, [fingerprint]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let busy = false;
    const schedule = (after = EVERY_MS) => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(() => void check(), after);
    };
    const check = async () => {
      if (busy || document.visibilityState !== "visible") return schedule();
      busy = true;
      const result = await poll({ meetingId }).catch(() => null);
      busy = false;
      if (stopped) return;
      // Refused (signed out, access ended): stop asking; the next navigation shows why.
      if (result && !result.ok && result.code !== "internal") return;
      if (result?.ok && result.data.fingerprint !== known.current) {
        known.current = result.data.fingerprint;
        router.refresh();
      }
      schedule();
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") void check();
    };
    document.addEventListener("visibilitychange", onVisible);
    schedule(FIRST_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [meetingId, poll, router]);
  return null;
}
