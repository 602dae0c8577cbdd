import type { AnyExtension } from "@tiptap/core";
import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * No repeated library warnings, which would bury real ones in the log. Every editor (each agenda, each note, each
 * page that opens one) runs the link extension's onCreate; anything it registers with linkify
 * after linkify first scanned text printed "linkifyjs: already initialized" once per editor.
 */
describe("the editor's link extension", () => {
  afterEach(() => vi.restoreAllMocks());

  it("registers nothing with linkify when editor after editor is created", async () => {
    // Before linkify loads: it keeps the console.warn it found then.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { find } = await import("linkifyjs");
    const { baseExtensions } = await import("./extensions");
    for (let i = 0; i < 3; i++) {
      const link = baseExtensions({ undoRedo: i % 2 === 0 }).find((e) => e.name === "link") as AnyExtension;
      // An editor that autolinked something: linkify is initialized from then on.
      expect(find("see https://example.com").length).toBe(1);
      (link.config.onCreate as (this: unknown) => void).call({ name: link.name, options: link.options, storage: {}, editor: null });
    }
    expect(warn.mock.calls.flat().join("\n")).not.toMatch(/linkifyjs/);
  });
});
