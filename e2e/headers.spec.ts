import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

test("pages carry a nonce-based Content-Security-Policy and the other security headers", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The page still works under the policy: its scripts carry the nonce and hydrate.
  const nonce = csp.match(/'nonce-([^']+)'/)![1];
  // Browsers hide nonce values from the DOM, so read the served HTML.
  const html = await response!.text();
  expect(html).toContain(`nonce="${nonce}"`);
  expect(html.match(/<script(?![^>]*nonce=)[^>]*>/g) ?? []).toEqual([]);
  await page.getByLabel("Email").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  expect(errors).toEqual([]);
});

test("session cookies are HttpOnly and SameSite=Lax", async ({ page, context }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("report10@demo.test");
  await page.getByLabel("Password").fill("between-us-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/dashboard/);
  const session = (await context.cookies()).find((c) => c.name.includes("session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test("a request carrying x-middleware-subrequest or similar headers reaches no signed-in data", async ({ request }) => {
  // Headers that once let requests skip middleware; our checks live in every page and action,
  // so none of them may reveal anything. (x-middleware-prefetch answers an empty 200.)
  const sneaky: Record<string, string>[] = [
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-subrequest": "src/middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-prefetch": "1" },
    { "x-invoke-path": "/dashboard" },
    { "x-now-route-matches": "1" },
    { RSC: "1", "x-middleware-subrequest": "proxy" },
  ];
  for (const headers of sneaky) {
    for (const path of ["/dashboard", "/team", "/templates", "/inbox", "/admin/people", "/admin/outbox"]) {
      const response = await request.get(path, { headers, maxRedirects: 0 });
      const label = `${path} with ${Object.keys(headers).join(", ")}`;
      expect(response.status(), label).toBeLessThan(500);
      const body = await response.text();
      for (const secret of ["Sign out", "Priya Raman", "Grace Whitfield", "Your upcoming one-on-ones", "Invite someone"]) {
        expect(body, label).not.toContain(secret);
      }
    }
  }
});

test("a server action posted with a foreign Origin is refused before it runs", async ({ request }) => {
  // The build's manifest names every action; createTemplateAction answers a signed-out caller
  // with "Please sign in", which shows whether the action body ran at all.
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === "createTemplateAction")?.[0];
  expect(id, "createTemplateAction in the build manifest").toBeTruthy();
  const post = (origin: string) =>
    request.post("/templates/new", {
      headers: { "Next-Action": id!, Origin: origin, "Content-Type": "text/plain;charset=UTF-8" },
      data: "[null,null]",
    });
  const base = new URL(test.info().project.use.baseURL!).origin;
  const same = await post(base);
  expect(same.status()).toBe(200);
  expect(await same.text()).toContain("Please sign in to continue.");
  for (const origin of ["https://evil.example", `${base}.evil.example`, "null"]) {
    const foreign = await post(origin);
    expect(foreign.status(), origin).toBe(403);
    expect(await foreign.text(), origin).not.toContain("Please sign in to continue.");
  }
});
