"use client";

import { useEffect, useRef } from "react";
import { inputClass } from "@/components/ui/Field";

/**
 * A time zone chosen from the list, never typed. Without a stored choice (`value` null) it
 * preselects the browser's own zone once the page has loaded, when that zone is on the list and
 * the person has not picked one already.
 */
export function TimeZoneSelect({
  id,
  name,
  zones,
  value,
  fallback,
  invalid,
}: {
  id: string;
  name: string;
  zones: readonly string[];
  value: string | null;
  fallback: string;
  invalid?: { "aria-invalid": boolean; "aria-describedby"?: string };
}) {
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    // Only while the list still shows the server's default: a zone the person picked before the
    // page's script ran (a quick hand, a slow phone) is theirs and is what gets saved.
    if (value || !ref.current || ref.current.value !== fallback) return;
    const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && zones.includes(guess)) ref.current.value = guess;
  }, [value, zones, fallback]);
  return (
    <select ref={ref} id={id} name={name} defaultValue={value ?? fallback} className={inputClass} {...invalid}>
      {zones.map((z) => (
        <option key={z} value={z}>
          {z.replaceAll("_", " ")}
        </option>
      ))}
    </select>
  );
}
