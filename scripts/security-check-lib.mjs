// The decisions of scripts/security-check.mjs, kept free of I/O so that tests can feed them.
import semver from "semver";

/**
 * Compares installed versions with the advisory floors. A package whose version belongs to no
 * listed line is refused too: a line we know nothing about has not been checked.
 * @param {Record<string, string>} installed name -> installed version
 * @param {{ packages: Record<string, { line: string; fixed: string; advisories: string[] }[]> }} floors
 * @returns {{ name: string; version: string; problem: string }[]}
 */
export function checkFloors(installed, floors) {
  const problems = [];
  for (const [name, lines] of Object.entries(floors.packages)) {
    const version = installed[name];
    if (!version) {
      problems.push({ name, version: "(not installed)", problem: "not installed, so its version cannot be checked" });
      continue;
    }
    const parsed = semver.parse(version);
    if (!parsed) {
      problems.push({ name, version, problem: "is not a version number" });
      continue;
    }
    const row = lines.find((l) => `${parsed.major}.${parsed.minor}` === l.line || String(parsed.major) === l.line);
    if (!row) {
      const known = lines.map((l) => l.line).join(", ");
      problems.push({
        name,
        version,
        problem: `belongs to no release line with known advisory floors (${known}); add its line to security/advisory-floors.json`,
      });
      continue;
    }
    if (semver.lt(version, row.fixed, { includePrerelease: true })) {
      problems.push({ name, version, problem: `is older than ${row.fixed}, which fixes ${row.advisories.join("; ")}` });
    }
  }
  return problems;
}

const SEVERE = new Set(["high", "critical"]);

/**
 * Reads `npm audit --json` output.
 * @returns {{ kind: "findings"; severe: { name: string; severity: string; via: string[] }[] } | { kind: "unavailable"; reason: string }}
 */
export function readAudit(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { kind: "unavailable", reason: "npm audit printed no JSON report" };
  }
  if (!report || typeof report !== "object" || !report.vulnerabilities || !report.metadata) {
    const error = report?.error;
    const said = (typeof error === "object" && error ? error.summary || error.code : error) || report?.message || "a report without a vulnerabilities section";
    return { kind: "unavailable", reason: `the advisory service answered: ${String(said).split("\n")[0]}` };
  }
  const severe = Object.values(report.vulnerabilities)
    .filter((v) => SEVERE.has(v.severity))
    .map((v) => ({
      name: v.name,
      severity: v.severity,
      via: (v.via ?? []).map((x) => (typeof x === "string" ? x : `${x.title ?? x.name} ${x.url ?? ""}`.trim())),
    }));
  return { kind: "findings", severe };
}
