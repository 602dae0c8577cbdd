import { IANAZone } from "luxon";

/**
 * The time zones a person chooses from: the runtime's list of IANA zones (the same one the
 * browser offers, Intl.supportedValuesOf), with UTC. The list and the server's check are one.
 */
export const TIME_ZONES: readonly string[] = [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])].sort();
const LISTED = new Set(TIME_ZONES);

/**
 * A zone from the list; or, because runtimes list a zone under one of its names (Asia/Calcutta,
 * Asia/Kolkata), another IANA name of a real zone, which is what series stored before kept.
 */
export function isKnownTimeZone(zone: string): boolean {
  return LISTED.has(zone) || (zone.includes("/") && IANAZone.isValidZone(zone));
}

/** The zones to offer in a select: the list, with `current` added when it is a known alias not on it. */
export function timeZoneOptions(current?: string | null): readonly string[] {
  return current && !LISTED.has(current) && isKnownTimeZone(current) ? [current, ...TIME_ZONES] : TIME_ZONES;
}
