import { getEnv } from "@/server/env";
import { openDatabase } from "./client";

const env = getEnv();
const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.SEATWATCH_DATA_DIR });
await database.migrate();
console.log(`Migrations applied (${database.kind}: ${database.location}).`);
await database.close();
