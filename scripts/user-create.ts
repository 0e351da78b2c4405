// `npm run user:create -- --email E --password P [--name N] [--admin] [--tier basic|premium]`.
import { randomBytes } from "node:crypto";
import { createAuth } from "@/server/auth/create-auth";
import { resolveAuthSecret } from "@/server/auth/secret";
import { createAccount } from "@/server/services/accounts";
import { failUsage, parseFlags, runWithDatabase } from "./cli";

const usage = "Usage: npm run user:create -- --email E --password P [--name N] [--admin] [--tier basic|premium]";

const flags = parseFlags(
  {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    admin: { type: "boolean", default: false },
    tier: { type: "string", default: "basic" },
  },
  usage,
);

if (!flags.email || !flags.password) failUsage(usage, "--email and --password are required");
const tier = flags.tier;
if (tier !== "basic" && tier !== "premium") failUsage(usage, `--tier must be basic or premium, not "${tier}"`);

await runWithDatabase(async (database, env) => {
  // Creating an account signs nothing, so on PostgreSQL without BETTER_AUTH_SECRET a one-off secret will do
  // (the web instances still need the shared one); on PGlite the data folder's own secret is used as before.
  const secret = env.BETTER_AUTH_SECRET ?? (env.DATABASE_URL ? randomBytes(32).toString("hex") : resolveAuthSecret({ dataDir: env.SEATWATCH_DATA_DIR }));
  const auth = createAuth({
    db: database.db,
    secret,
    baseURL: "http://localhost",
    mailer: { send: async () => undefined },
    adminEmails: env.ADMIN_EMAILS,
  });
  const user = await createAccount(auth, database.db, {
    email: flags.email!,
    password: flags.password!,
    name: flags.name ?? flags.email!.split("@")[0]!,
    role: flags.admin ? "admin" : "fan",
    tier,
  });
  console.log(`Created ${user.role} ${user.email} (${user.tier}) in ${database.kind}: ${database.location}`);
});
