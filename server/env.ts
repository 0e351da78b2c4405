import { z } from "zod";
import { notificationEnvSchema, notificationEnvShape } from "./notifications/config";

/**
 * Every environment variable the server reads, validated once. A bad value stops the process with a message
 * that names the variable and what it expects.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const emailList = optionalString.transform((value, ctx) => {
  if (!value) return [] as string[];
  const emails = value.split(",").map((email) => email.trim().toLowerCase()).filter(Boolean);
  for (const email of emails) {
    if (!z.email().safeParse(email).success) {
      ctx.addIssue({ code: "custom", message: `"${email}" is not an email address` });
    }
  }
  return emails;
});

const booleanFlag = optionalString.transform((value, ctx) => {
  if (value === undefined) return undefined;
  if (["1", "true", "yes", "on"].includes(value.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(value.toLowerCase())) return false;
  ctx.addIssue({ code: "custom", message: "expected true/false (or 1/0, yes/no, on/off)" });
  return undefined;
});

const postgresUrl = optionalString.refine(
  (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
  "expected a postgres:// or postgresql:// connection URL",
);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: optionalString.pipe(
    z.string().regex(/^\d+$/, "expected a port number").transform(Number).pipe(z.number().int().min(1).max(65_535)).optional(),
  ),
  /** Public origin of the app, used in links sent by email. Defaults to http://localhost:$PORT. */
  APP_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: postgresUrl,
  /** Where PGlite keeps its files when DATABASE_URL is unset. */
  SEATWATCH_DATA_DIR: optionalString,
  /** Signs session cookies. Generated and kept in the data folder when unset (embedded default only). */
  BETTER_AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  ADMIN_EMAILS: emailList,
  /** Run the job runner inside the web process (default on; production web instances set it off). */
  SEATWATCH_JOBS: booleanFlag,
  /**
   * Whether a proxy in front sets X-Forwarded-For (default true). false: `npm start` replaces the header with the
   * connection's address, so a client facing the app directly cannot pick its own for the rate limits.
   */
  SEATWATCH_TRUST_PROXY: booleanFlag,
  /** Create the demo fan on start (default on for the embedded default, off with DATABASE_URL). */
  SEATWATCH_DEMO: booleanFlag,
  /**
   * Who may read the development mailbox at /dev/mailbox: `off`, `own` (each fan the mail sent to them, admins
   * all of it) or `open` (anyone). Default `open` under `next dev` on PGlite, else `off` (docs/operations.md).
   */
  SEATWATCH_DEV_MAILBOX: optionalString.pipe(z.enum(["off", "own", "open"], { error: "expected off, own or open" }).optional()),
  /**
   * On SIGTERM, how long web and worker wait for running requests and jobs before handing their leases back
   * and exiting: under the 30 s a container orchestrator usually allows before it kills.
   */
  SEATWATCH_SHUTDOWN_MS: optionalString.pipe(
    z.string().regex(/^\d+$/, "expected milliseconds").transform(Number).pipe(z.number().int().min(0).max(600_000)).default(20_000),
  ),
  TICKETMASTER_API_KEY: optionalString,
  TICKETMASTER_BASE_URL: optionalString.pipe(z.url().optional()),
  /** Ticketmaster partner key (Inventory Status + Top Picks): makes sections and quantities checkable. */
  TICKETMASTER_PARTNER_API_KEY: optionalString,
  TICKETMASTER_PARTNER_BASE_URL: optionalString.pipe(z.url().optional()),
  /** Countries the catalogue sweep covers with a real key (comma-separated ISO codes). */
  SEATWATCH_SWEEP_COUNTRIES: optionalString.transform((value, ctx) => {
    const codes = (value ?? "GB,IE,US").split(",").map((code) => code.trim().toUpperCase()).filter(Boolean);
    for (const code of codes) if (!/^[A-Z]{2}$/.test(code)) ctx.addIssue({ code: "custom", message: `"${code}" is not a two-letter country code` });
    return codes;
  }),
  // Email, SMS and push vendors (RESEND_*, EMAIL_*, TWILIO_*, VAPID_*); unset → the development outbox.
  ...notificationEnvShape,
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment record; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  // The vendor variables' cross-checks (a Twilio SID needs its token, …) once each variable parsed alone.
  const issues = result.success ? (notificationEnvSchema.safeParse(source).error?.issues ?? []) : result.error.issues;
  if (result.success && issues.length === 0) return result.data;
  throw new EnvError(issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`));
}

const globalForEnv = globalThis as unknown as { seatwatchEnv?: Env };

/** The validated process environment, parsed on first use. */
export function getEnv(): Env {
  globalForEnv.seatwatchEnv ??= parseEnv(process.env);
  return globalForEnv.seatwatchEnv;
}

export function getAppUrl(env: Env = getEnv()): string {
  return env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`;
}
