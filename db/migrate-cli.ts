import { getEnv } from "@/server/env";
import { createComponentLog } from "@/server/lib/component-log";
import { openDatabase } from "./client";

const env = getEnv();
const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.SEATWATCH_DATA_DIR });
await database.migrate();
createComponentLog("migrate").info(`Migrations applied (${database.kind}: ${database.location}).`, { kind: database.kind, location: database.location });
await database.close();
