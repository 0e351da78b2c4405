import { describe, expect, it } from "vitest";
import { EnvError, getAppUrl, parseEnv } from "@/server/env";

describe("environment", () => {
  it("runs on the embedded default with nothing set", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ADMIN_EMAILS).toEqual([]);
    expect(getAppUrl(env)).toBe("http://localhost:3000");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", TICKETMASTER_API_KEY: " " }).TICKETMASTER_API_KEY).toBeUndefined();
  });

  it("names every bad variable and what it expects", () => {
    let caught: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", ADMIN_EMAILS: "ok@example.test, nope", SEATWATCH_JOBS: "maybe", BETTER_AUTH_SECRET: "short" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const message = (caught as Error).message;
    expect(message).toMatch(/DATABASE_URL: expected a postgres:\/\//);
    expect(message).toMatch(/PORT: expected a port number/);
    expect(message).toMatch(/ADMIN_EMAILS: "nope" is not an email address/);
    expect(message).toMatch(/SEATWATCH_JOBS: expected true\/false/);
    expect(message).toMatch(/BETTER_AUTH_SECRET: must be at least 32 characters/);
  });

  it("parses ports, flags and admin lists", () => {
    const env = parseEnv({ PORT: "3100", SEATWATCH_JOBS: "off", ADMIN_EMAILS: "A@Example.test,b@example.test" });
    expect(env.PORT).toBe(3100);
    expect(env.SEATWATCH_JOBS).toBe(false);
    expect(env.ADMIN_EMAILS).toEqual(["a@example.test", "b@example.test"]);
    expect(getAppUrl(env)).toBe("http://localhost:3100");
  });
});
