import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { settle, signUpAndVerify, waitFor } from "./support/flows";
import { describeE2E } from "./support/suite";

/**
 * Personal API tokens as a fan meets them in Settings → API tokens: made there, shown once, read-only or
 * read-write, listed with when they were last used, and revocable (docs/api.md, "Authentication").
 */
describeE2E("API tokens in settings", (e2e) => {
  let page: Page;

  beforeAll(async () => {
    page = await e2e.newPage(await e2e.newContext());
    await signUpAndVerify(e2e, page, `Tokens ${e2e.viewport.name}`);
  });

  const callApi = (token: string, method: "GET" | "POST", path: string) =>
    fetch(`${e2e.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify({ name: "From a script", keyword: "Arsenal" }) : undefined,
    });

  test("a read-only token is shown once, reads but may not write, shows its last use, and stops working once revoked", async () => {
    const name = `Home dashboard ${e2e.viewport.name}`;
    await page.goto("/settings/api-tokens");
    await settle(page);
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Access").selectOption("read-only");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByLabel("Your new token");
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);

    expect((await callApi(token, "GET", "/api/v1/watches")).status).toBe(200);
    expect((await callApi(token, "POST", "/api/v1/watches")).status).toBe(403);

    // Shown once: after a reload the list names the token by its first characters, never the whole secret.
    await page.reload();
    await settle(page);
    const item = page.getByRole("listitem").filter({ hasText: name });
    const listed = await item.innerText();
    expect(listed).toContain("read-only");
    expect(listed).toContain(`${token.slice(0, 11)}…`);
    expect(listed).not.toContain("last used never");
    expect(await page.content()).not.toContain(token);

    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await page.getByRole("button", { name: "Revoke now" }).click();
    await waitFor("the token listed as revoked", async () => ((await item.innerText()).includes("Revoked") ? true : null));
    // A process may trust a token it looked up for 5 s more (docs/operations.md, "Load").
    await waitFor("the revoked token refused", async () => ((await callApi(token, "GET", "/api/v1/watches")).status === 401 ? true : null), 15_000, 500);
  });

  test("the data export is refused with 401 to a request that is not signed in", async () => {
    const response = await fetch(`${e2e.server.url}/api/account/export`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "Sign in to download your data" } });
  });
});
