import { parseArgs } from "node:util";
import { getEnv } from "@/server/env";
import { openDatabase } from "@/db/client";
import { createAuth } from "@/server/auth/create-auth";
import { resolveAuthSecret } from "@/server/auth/secret";
import { createAccount } from "@/server/services/accounts";
import { ServiceError } from "@/server/services/errors";

const usage = "Usage: npm run user:create -- --email E --password P [--name N] [--admin] [--tier basic|premium]";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    admin: { type: "boolean", default: false },
    tier: { type: "string", default: "basic" },
  },
  strict: true,
});

if (!values.email || !values.password) {
  console.error(usage);
  process.exit(2);
}
if (values.tier !== "basic" && values.tier !== "premium") {
  console.error(`--tier must be basic or premium, not "${values.tier}"`);
  process.exit(2);
}

const env = getEnv();
const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.SEATWATCH_DATA_DIR });
try {
  await database.migrate();
  const auth = createAuth({
    db: database.db,
    secret: resolveAuthSecret({ secret: env.BETTER_AUTH_SECRET, databaseUrl: env.DATABASE_URL, dataDir: env.SEATWATCH_DATA_DIR }),
    baseURL: "http://localhost",
    mailer: { send: async () => undefined },
    adminEmails: env.ADMIN_EMAILS,
  });
  const user = await createAccount(auth, database.db, {
    email: values.email,
    password: values.password,
    name: values.name ?? values.email.split("@")[0]!,
    role: values.admin ? "admin" : "fan",
    tier: values.tier,
  });
  console.log(`Created ${user.role} ${user.email} (${user.tier}) in ${database.kind}: ${database.location}`);
} catch (error) {
  console.error(error instanceof ServiceError ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
