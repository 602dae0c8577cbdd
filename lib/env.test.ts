import { afterEach, describe, expect, it, vi } from "vitest";
import { appBaseUrl, env, parseEnv, resetEnvForTests } from "./env";

describe("configuration (lib/env)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("gives every default when nothing is set", () => {
    expect(parseEnv({})).toEqual({
      PORT: 3000,
      TRUST_PROXY: 1,
      DATABASE_POOL_SIZE: 10,
      DEMO_DATA: "on",
      E2E_FIXTURES: "off",
      MAIL_WORKER: "on",
      REMINDER_SWEEP_SECONDS: 30,
      MAIL_FROM: "Between Us <no-reply@localhost>",
      COLLAB_SERVER: "on",
      COLLAB_PORT: 3001,
      COLLAB_REDIS_PREFIX: "between-us",
    });
  });

  it("treats an empty value as unset", () => {
    const config = parseEnv({ COLLAB_PORT: "", APP_URL: "", DATABASE_URL: "" });
    expect(config).toMatchObject({ COLLAB_PORT: 3001, DEMO_DATA: "on" });
    expect(config.APP_URL).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("parses good values", () => {
    const config = parseEnv({
      PORT: "8080",
      COLLAB_PORT: "8081",
      DATABASE_URL: "postgres://u:p@db:5432/app",
      DATABASE_POOL_SIZE: "3",
      TRUST_PROXY: "2",
      REMINDER_SWEEP_SECONDS: "5",
      MAIL_WORKER: "off",
      COLLAB_SERVER: "off",
      COLLAB_PUBLIC_URL: "wss://example.com/collab",
      SMTP_URL: "smtp://u:p@mail.example.com:587",
      APP_URL: "https://example.com/",
    });
    expect(config).toMatchObject({
      PORT: 8080,
      COLLAB_PORT: 8081,
      DATABASE_URL: "postgres://u:p@db:5432/app",
      DATABASE_POOL_SIZE: 3,
      TRUST_PROXY: 2,
      REMINDER_SWEEP_SECONDS: 5,
      MAIL_WORKER: "off",
      COLLAB_SERVER: "off",
      COLLAB_PUBLIC_URL: "wss://example.com/collab",
      SMTP_URL: "smtp://u:p@mail.example.com:587",
    });
    // The demo organization is for the embedded database; a real server starts empty unless asked.
    expect(config.DEMO_DATA).toBe("off");
    expect(parseEnv({ DATABASE_URL: "postgres://db/app", DEMO_DATA: "on" }).DEMO_DATA).toBe("on");
  });

  it.each([
    ["COLLAB_PORT", "abc", "COLLAB_PORT must be a port number (1-65535), got 'abc'"],
    ["COLLAB_PORT", "70000", "COLLAB_PORT must be a port number (1-65535), got '70000'"],
    ["PORT", "0", "PORT must be a port number (1-65535), got '0'"],
    ["PORT", "3000.5", "PORT must be a port number (1-65535), got '3000.5'"],
    ["DATABASE_POOL_SIZE", "0", "DATABASE_POOL_SIZE must be a whole number of at least 1, got '0'"],
    ["DATABASE_POOL_SIZE", "many", "DATABASE_POOL_SIZE must be a whole number of at least 1, got 'many'"],
    ["TRUST_PROXY", "yes", "TRUST_PROXY must be a whole number of at least 1, got 'yes'"],
    ["REMINDER_SWEEP_SECONDS", "-5", "REMINDER_SWEEP_SECONDS must be a whole number of at least 1, got '-5'"],
    ["DEMO_DATA", "true", "DEMO_DATA must be 'on' or 'off', got 'true'"],
    ["E2E_FIXTURES", "yes", "E2E_FIXTURES must be 'on' or 'off', got 'yes'"],
    ["MAIL_WORKER", "false", "MAIL_WORKER must be 'on' or 'off', got 'false'"],
    ["COLLAB_SERVER", "0", "COLLAB_SERVER must be 'on' or 'off', got '0'"],
    ["APP_URL", "example.com", "APP_URL must be a URL such as https://one-on-ones.example.com, got 'example.com'"],
    ["COLLAB_PUBLIC_URL", "/collab", "COLLAB_PUBLIC_URL must be a URL such as wss://example.com/collab, got '/collab'"],
  ])("refuses %s=%s, naming the variable", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(`Invalid configuration: ${message}`);
  });

  it("never repeats a value that may hold a password", () => {
    for (const name of ["DATABASE_URL", "SMTP_URL", "REDIS_URL"]) {
      let message = "";
      try {
        parseEnv({ [name]: "not a url with s3cret" });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} must be a URL`));
      expect(message).not.toContain("s3cret");
    }
  });

  it("names every wrong variable at once", () => {
    expect(() => parseEnv({ PORT: "x", COLLAB_PORT: "y" })).toThrow(
      "Invalid configuration: PORT must be a port number (1-65535), got 'x'; COLLAB_PORT must be a port number (1-65535), got 'y'",
    );
  });

  it("reads process.env once, and again after resetEnvForTests()", () => {
    vi.stubEnv("COLLAB_PORT", "4001");
    resetEnvForTests();
    expect(env().COLLAB_PORT).toBe(4001);
    vi.stubEnv("COLLAB_PORT", "4002");
    expect(env().COLLAB_PORT).toBe(4001);
    resetEnvForTests();
    expect(env().COLLAB_PORT).toBe(4002);
  });

  describe("appBaseUrl", () => {
    it("uses APP_URL when set, without its trailing slash, whatever the request", () => {
      vi.stubEnv("APP_URL", "https://one-on-ones.example.com/");
      resetEnvForTests();
      expect(appBaseUrl()).toBe("https://one-on-ones.example.com");
      expect(appBaseUrl("http://127.0.0.1:3000/api/calendar/x.ics")).toBe("https://one-on-ones.example.com");
      expect(appBaseUrl(new Headers({ host: "other.example" }))).toBe("https://one-on-ones.example.com");
    });

    it("otherwise takes the request's address, else this machine on PORT", () => {
      vi.stubEnv("APP_URL", "");
      vi.stubEnv("PORT", "4100");
      resetEnvForTests();
      expect(appBaseUrl("http://127.0.0.1:3000/api/calendar/x.ics")).toBe("http://127.0.0.1:3000");
      expect(appBaseUrl(new Headers({ host: "localhost:3000" }))).toBe("http://localhost:3000");
      expect(appBaseUrl(new Headers({ host: "app.example" }))).toBe("https://app.example");
      expect(appBaseUrl(new Headers({ "x-forwarded-host": "public.example, inner", "x-forwarded-proto": "http", host: "internal:3000" }))).toBe(
        "http://public.example",
      );
      expect(appBaseUrl(new Headers())).toBe("http://localhost:4100");
      expect(appBaseUrl()).toBe("http://localhost:4100");
    });
  });
});
