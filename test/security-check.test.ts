import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFloors, readAudit, type Floors } from "../scripts/security-check-lib.mjs";

const root = path.resolve(import.meta.dirname, "..");
const floors = JSON.parse(fs.readFileSync(path.join(root, "security/advisory-floors.json"), "utf8")) as Floors;
const installedVersion = (name: string) => JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version as string;

describe("advisory floors", () => {
  it("accept the versions installed now", () => {
    const installed = Object.fromEntries(Object.keys(floors.packages).map((n) => [n, installedVersion(n)]));
    expect(checkFloors(installed, floors)).toEqual([]);
  });

  it("refuse a next older than the release that fixed the middleware bypass and later advisories", () => {
    const problems = checkFloors({ next: "16.2.4", react: "19.3.1", "react-dom": "19.3.1", "next-auth": "5.0.0-beta.32" }, floors);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ name: "next", version: "16.2.4" });
    expect(problems[0].problem).toContain("16.3.3");
  });

  it("refuse a next-auth beta before the fixed beta, comparing prereleases", () => {
    const problems = checkFloors({ next: "16.4.6", react: "19.3.1", "react-dom": "19.3.1", "next-auth": "5.0.0-beta.31" }, floors);
    expect(problems.map((p) => p.name)).toEqual(["next-auth"]);
  });

  it("refuse react 19.2 before 19.2.8 and accept 19.2.8", () => {
    const base = { next: "16.4.6", "react-dom": "19.3.1", "next-auth": "5.0.0-beta.32" };
    expect(checkFloors({ ...base, react: "19.2.7" }, floors).map((p) => p.name)).toEqual(["react"]);
    expect(checkFloors({ ...base, react: "19.2.8" }, floors)).toEqual([]);
  });

  it("refuse a release line nobody has checked, and a missing package", () => {
    const problems = checkFloors({ next: "14.2.0", react: "19.3.1", "react-dom": "19.3.1" }, floors);
    expect(problems.map((p) => p.name).sort()).toEqual(["next", "next-auth"]);
    expect(problems.find((p) => p.name === "next")?.problem).toContain("no release line");
  });
});

describe("npm audit report", () => {
  const report = {
    auditReportVersion: 2,
    vulnerabilities: {
      next: { name: "next", severity: "high", via: [{ title: "Middleware bypass", url: "https://github.com/advisories/GHSA-f82v-jwr5-mffw" }] },
      postcss: { name: "postcss", severity: "moderate", via: [{ title: "Line return parsing", url: "https://github.com/advisories/GHSA-x" }] },
      "some-lib": { name: "some-lib", severity: "critical", via: ["next"] },
    },
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 1, total: 3 } },
  };

  it("lists high and critical findings, not moderate ones", () => {
    const result = readAudit(JSON.stringify(report));
    expect(result.kind).toBe("findings");
    if (result.kind !== "findings") return;
    expect(result.severe.map((v) => v.name).sort()).toEqual(["next", "some-lib"]);
    expect(result.severe.find((v) => v.name === "next")?.via[0]).toContain("GHSA-f82v-jwr5-mffw");
  });

  it("finds nothing in a clean report", () => {
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { high: 0, critical: 0, total: 0 } } };
    expect(readAudit(JSON.stringify(clean))).toEqual({ kind: "findings", severe: [] });
  });

  it("says the advisory service could not be reached instead of calling that clean", () => {
    const refused = { message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", statusCode: 405 };
    const result = readAudit(JSON.stringify(refused));
    expect(result).toMatchObject({ kind: "unavailable" });
    if (result.kind === "unavailable") expect(result.reason).toContain("405");
    expect(readAudit("npm error audit endpoint returned an error")).toMatchObject({ kind: "unavailable" });
    expect(readAudit(JSON.stringify({ error: { code: "ENOAUDIT", summary: "Your configured registry does not support audit requests." } }))).toMatchObject({
      kind: "unavailable",
      reason: expect.stringContaining("does not support audit"),
    });
  });
});
