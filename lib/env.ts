// The app's configuration: every environment variable it reads, with its default, checked in
// one place. README.md's "Configuration" table lists the same variables.
//
// Not marked "server-only": db/client.ts, proxy.ts and the scripts run under plain Node (tsx)
// too, where that guard throws. Nothing here is sent to a browser: a client component that
// imported it would read undefined (Next.js only inlines NEXT_PUBLIC_ variables).
//
// Left out on purpose: NODE_ENV, NEXT_RUNTIME and NEXT_PHASE (Next.js sets them itself),
// next.config.ts's build options, and the variables that only the test and benchmark
// harnesses read (E2E_*, TEST_DB, PG_ADMIN_URL).
import { z } from "zod";
import { KEY_TEXT_HINT, parseKeyText } from "./crypto/key-text";

const onOff = (name: string) => z.enum(["on", "off"], { error: `${name} must be 'on' or 'off'` });

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a port number (1-65535)` })
    .int(`${name} must be a port number (1-65535)`)
    .min(1, `${name} must be a port number (1-65535)`)
    .max(65535, `${name} must be a port number (1-65535)`);

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a whole number of at least 1` })
    .int(`${name} must be a whole number of at least 1`)
    .min(1, `${name} must be a whole number of at least 1`);

const url = (name: string, example: string) => z.string().refine((value) => URL.canParse(value), `${name} must be a URL such as ${example}`);

const schema = z.object({
  APP_URL: url("APP_URL", "https://one-on-ones.example.com").optional(),
  PORT: port("PORT").default(3000),
  AUTH_SECRET: z.string().optional(),
  // The key that wraps the private notes' data key (lib/crypto/notes-key.ts); unset: a key file beside the PGlite folder.
  NOTES_KEY: z
    .string()
    .refine((value) => parseKeyText(value) !== null, `NOTES_KEY must be ${KEY_TEXT_HINT}`)
    .optional(),
  // The key backups are authenticated with (lib/backup/key.ts); unset: one derived from the notes key.
  BACKUP_KEY: z
    .string()
    .refine((value) => parseKeyText(value) !== null, `BACKUP_KEY must be ${KEY_TEXT_HINT}`)
    .optional(),
  TRUST_PROXY: positiveInt("TRUST_PROXY").default(1),

  DATABASE_URL: url("DATABASE_URL", "postgres://user:pass@host:5432/db").optional(),
  DATABASE_POOL_SIZE: positiveInt("DATABASE_POOL_SIZE").default(10),
  PGLITE_DIR: z.string().optional(),
  DEMO_DATA: onOff("DEMO_DATA").optional(),
  E2E_FIXTURES: onOff("E2E_FIXTURES").default("off"),

  MAIL_WORKER: onOff("MAIL_WORKER").default("on"),
  REMINDER_SWEEP_SECONDS: positiveInt("REMINDER_SWEEP_SECONDS").default(30),
  SMTP_URL: url("SMTP_URL", "smtp://user:pass@smtp.example.com:587").optional(),
  MAIL_FROM: z.string().default("Between Us <no-reply@localhost>"),

  COLLAB_SERVER: onOff("COLLAB_SERVER").default("on"),
  COLLAB_PORT: port("COLLAB_PORT").default(3001),
  COLLAB_HOST: z.string().optional(),
  COLLAB_PUBLIC_URL: url("COLLAB_PUBLIC_URL", "wss://example.com/collab").optional(),
  COLLAB_REDIS_PREFIX: z.string().default("between-us"),
  REDIS_URL: url("REDIS_URL", "redis://127.0.0.1:6379").optional(),

  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ID: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().optional(),
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: z.string().optional(),
  AUTH_OIDC_ISSUER: z.string().optional(),
  AUTH_OIDC_ID: z.string().optional(),
  AUTH_OIDC_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().optional(),
});

export type Env = Omit<z.infer<typeof schema>, "DEMO_DATA"> & { DEMO_DATA: "on" | "off" };
export type EnvName = keyof z.infer<typeof schema>;
export const ENV_NAMES = Object.keys(schema.shape) as EnvName[];

// Values that may hold a password: an error names the variable but never repeats its value.
const SECRET = /SECRET|_KEY$|^(DATABASE|SMTP|REDIS)_URL$/;

/**
 * Reads the configuration from `source` (process.env by default). An empty value counts as
 * unset, as it did when each reader wrote `process.env.X || default`. Throws one Error naming
 * every variable that is wrong and what it must be.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const input: Record<string, string> = {};
  for (const name of ENV_NAMES) {
    const value = source[name];
    if (value !== undefined && value !== "") input[name] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = SECRET.test(name) ? "" : `, got '${input[name]}'`;
      return `${issue.message}${got}`;
    });
    throw new Error(`Invalid configuration: ${lines.join("; ")}`);
  }
  // The demo organization comes with the embedded database, not with a real server.
  return { ...result.data, DEMO_DATA: result.data.DEMO_DATA ?? (result.data.DATABASE_URL ? "off" : "on") };
}

let cached: Env | undefined;

/** The configuration, read from process.env on first use and kept for the process's life. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Makes the next env() read process.env again: for tests that change a variable (vi.stubEnv). */
export function resetEnvForTests(): void {
  cached = undefined;
}

/**
 * The app's public address without a trailing slash, for links that leave the page (mail,
 * calendar feeds, invitations): APP_URL when set; else the address the request came to (a
 * URL's origin, or the Host / X-Forwarded-* headers); else this machine on PORT.
 */
export function appBaseUrl(request?: string | Headers): string {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/$/, "");
  if (typeof request === "string") return new URL(request).origin;
  const host = request?.get("x-forwarded-host")?.split(",")[0]?.trim() || request?.get("host");
  if (host) {
    const proto = request?.get("x-forwarded-proto")?.split(",")[0]?.trim() || (/^(localhost|127\.)/.test(host) ? "http" : "https");
    return `${proto}://${host}`;
  }
  return `http://localhost:${env().PORT}`;
}
