import { describe, expect, it } from "vitest";
import { AFTER_SIGN_IN, safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeCallbackUrl("/series/abc/meetings/def")).toBe("/series/abc/meetings/def");
    expect(safeCallbackUrl("/series/abc/history?q=x#top")).toBe("/series/abc/history?q=x#top");
    expect(safeCallbackUrl("/")).toBe("/");
  });

  it("goes to the dashboard when there is no callback", () => {
    for (const raw of [undefined, null, "", 42, ["/series/a"]]) expect(safeCallbackUrl(raw)).toBe(AFTER_SIGN_IN);
  });

  it.each([
    "//evil.com",
    "//evil.com/series/a",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "/\\/evil.com",
    "https://evil.com",
    "http://127.0.0.1/dashboard",
    "HTTPS://evil.com",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.com",
    "series/abc",
    "/\t/evil.com",
    "/\n/evil.com",
    "\t//evil.com",
    "/.//evil.com",
    "/..//evil.com",
    "/%09/evil.com/../..//evil.com",
    "/a/..//evil.com",
  ])("refuses %j, which could leave the site", (raw) => {
    const result = safeCallbackUrl(raw);
    expect(result).toBe(AFTER_SIGN_IN);
  });

  it("never returns anything a browser would resolve to another origin", () => {
    const tries = ["/ok", "/%2F%2Fevil.com", "/%5Cevil.com", "/a/../b", "/@evil.com", "/:evil.com"];
    for (const raw of tries) {
      const result = safeCallbackUrl(raw);
      expect(new URL(result, "https://app.example").origin).toBe("https://app.example");
    }
  });

  it("does not send a signed-in person back to the sign-in page or the auth endpoints", () => {
    expect(safeCallbackUrl("/sign-in?callbackUrl=/sign-in")).toBe(AFTER_SIGN_IN);
    expect(safeCallbackUrl("/api/auth/signout")).toBe(AFTER_SIGN_IN);
  });

  it("refuses an overlong callback", () => {
    expect(safeCallbackUrl(`/${"a".repeat(3000)}`)).toBe(AFTER_SIGN_IN);
  });
});
