import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { naughtyStrings } from "@/test/corpus";
import { isSafePath, safeSegment, zipFiles } from "./archive";

describe("safeSegment", () => {
  it("keeps letters, digits, spaces, '-' and '_', in any script", () => {
    expect(safeSegment("Ana María")).toBe("Ana María");
    expect(safeSegment("Jonas Weber")).toBe("Jonas Weber");
    expect(safeSegment("李小龍")).toBe("李小龍");
  });

  it("turns separators, dots and control characters into '-', never a path of its own", () => {
    expect(safeSegment("../../etc/passwd")).toBe("etc-passwd");
    expect(safeSegment("..\\..\\Windows\\System32")).toBe("Windows-System32");
    expect(safeSegment("C:\\evil")).toBe("C-evil");
    expect(safeSegment("..")).toBe("untitled");
    expect(safeSegment("")).toBe("untitled");
    expect(safeSegment("x".repeat(500)).length).toBeLessThanOrEqual(40);
  });

  it("gives a safe path segment for every naughty string", () => {
    const unsafe = naughtyStrings().filter((s) => {
      const segment = safeSegment(s);
      return !isSafePath(`root/${segment}/file.md`) || segment.includes("..") || segment.includes("/");
    });
    expect(unsafe).toEqual([]);
  });
});

describe("zipFiles", () => {
  it("zips the files under their paths, and they unzip to the same text", () => {
    const zip = zipFiles([
      { path: "root/README.md", text: "# Hello ünïcödé" },
      { path: "root/series/Ann-and-Bob-1234abcd/meetings/2026-12-01-abcd1234.md", text: "agenda" },
    ]);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["root/README.md", "root/series/Ann-and-Bob-1234abcd/meetings/2026-12-01-abcd1234.md"]);
    expect(strFromU8(files["root/README.md"])).toBe("# Hello ünïcödé");
  });

  it("refuses a path that climbs out, is absolute, has a drive or an odd extension, or repeats", () => {
    for (const path of ["../x.md", "root/../../x.md", "/etc/passwd", "C:/x.md", "root\\x.md", "root/.hidden", "root/x.exe", "root//x.md", "root/x\u0000.md"]) {
      expect(() => zipFiles([{ path, text: "x" }]), path).toThrow();
    }
    expect(() =>
      zipFiles([
        { path: "root/a.md", text: "1" },
        { path: "root/a.md", text: "2" },
      ]),
    ).toThrow();
  });
});
