import { describe, expect, it } from "vitest";
import { oversizedWrite } from "./request-size";

const sized = (bytes: number) => new Headers({ "content-length": String(bytes), "next-action": "abc" });

describe("a write larger than a server action takes", () => {
  it("gets the import's size message on the People page, where a 3 MB CSV would otherwise get a 500", () => {
    const answer = oversizedWrite("POST", "/admin/people", sized(3 * 1024 * 1024));
    expect(answer).toEqual({ status: 413, message: expect.stringMatching(/^This file is 3,072 KB; an import takes up to 5,000 people and 512 KB per file\./) });
    // Without JavaScript the form posts the same way, without Next-Action.
    expect(oversizedWrite("POST", "/admin/people/", new Headers({ "content-length": "2000000" }))?.status).toBe(413);
  });

  it("gets a plain 413 anywhere else, and leaves smaller writes, reads and bodies of unknown size to the app", () => {
    expect(oversizedWrite("POST", "/series/1", sized(2_000_000))).toEqual({ status: 413, message: expect.stringMatching(/at most 1024 KB/) });
    expect(oversizedWrite("POST", "/admin/people", sized(1024 * 1024))).toBeNull();
    expect(oversizedWrite("POST", "/admin/people", sized(600 * 1024))).toBeNull();
    expect(oversizedWrite("GET", "/admin/people", sized(5_000_000))).toBeNull();
    expect(oversizedWrite("POST", "/admin/people", new Headers())).toBeNull();
  });
});

describe("the proxy in front of every request", () => {
  it("answers a 3 MB import with a 413 and the size message before Next.js reads the body", async () => {
    const { NextRequest } = await import("next/server");
    const { proxy } = await import("@/proxy");
    const request = new NextRequest("http://localhost:3000/admin/people", {
      method: "POST",
      headers: { origin: "http://localhost:3000", host: "localhost:3000", "content-length": String(3 * 1024 * 1024), "next-action": "abc" },
    });
    const response = proxy(request);
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/^This file is 3,072 KB; an import takes up to 5,000 people and 512 KB per file\./);
  });
});
