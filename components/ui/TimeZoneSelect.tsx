"use client";

import { useEffect, useRef } from "react";
import { inputClass } from "@/components/ui/Field";

/**
 * A time zone chosen from the list, never typed. Without a stored choice (`value` null) it
 * preselects the browser's own zone once the page has loaded, when that zone is on the list.
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
    if (value || !ref.current) return;
    const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (guess && zones.includes(guess)) ref.current.value = guess;
  }, [value, zones]);
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
