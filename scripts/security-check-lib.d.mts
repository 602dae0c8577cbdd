export type Floors = { packages: Record<string, { line: string; fixed: string; advisories: string[] }[]> };
export function checkFloors(installed: Record<string, string>, floors: Floors): { name: string; version: string; problem: string }[];
export function readAudit(
  stdout: string,
): { kind: "findings"; severe: { name: string; severity: string; via: string[] }[] } | { kind: "unavailable"; reason: string };
