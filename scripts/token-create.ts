// `npm run token:create -- --email E [--read-only] [--name N]`: mints a personal API token and prints it once.
import { createApiTokenForEmail } from "@/server/services/tokens";
import { failUsage, parseFlags, runWithDatabase } from "./cli";

const usage = "Usage: npm run token:create -- --email E [--read-only] [--name N]";

const flags = parseFlags(
  {
    email: { type: "string" },
    name: { type: "string", default: "CLI token" },
    "read-only": { type: "boolean", default: false },
  },
  usage,
);
if (!flags.email) failUsage(usage, "--email is required");

await runWithDatabase(async (database) => {
  const created = await createApiTokenForEmail(database.db, flags.email!, { name: flags.name!, access: flags["read-only"] ? "read-only" : "read-write" });
  // The token alone on stdout, so `TOKEN=$(npm run -s token:create -- --email …)` works; the rest on stderr.
  console.error(`Created a ${created.access} token "${created.name}" for ${created.user.email} in ${database.kind}: ${database.location}`);
  console.error("It is shown only this once; keep it somewhere safe.");
  console.log(created.token);
});
