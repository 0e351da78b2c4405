/**
 * Starts one provider fake from the shell:
 *
 *   npm run fake:ticketmaster -- --port 4010 --key good [--speed 60] [--seed 1] [--quota 5000] [--world file.json]
 *   npm run fake:seatgeek -- --port 4020 --key good
 *   npm run fake:partner -- --port 4030 --key good
 *
 * Prints the base URL on the first line (so scripts can read it), then runs until SIGINT/SIGTERM.
 * The Ticketmaster fake serves the built-in sandbox world on its compressed clock unless `--world` names a
 * world JSON file (served at speed 1 unless `--speed` says otherwise).
 */
import { readFile } from "node:fs/promises";

interface CommonOptions {
  port?: number;
  host?: string;
  key?: string;
}

interface StartedFake {
  url: string;
  close(): Promise<void>;
}

type StartFake = (opts: CommonOptions) => Promise<StartedFake>;

const USAGE = "usage: tsx server/sandbox/cli.ts <ticketmaster|seatgeek|partner> [--port N] [--host H] [--key K] [--speed S] [--seed N] [--quota N] [--world file.json]";

function readFlags(args: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (!arg.startsWith("--")) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const value = inline ?? args[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new Error(`--${name} needs a value`);
    if (inline === undefined) i += 1;
    flags.set(name, value);
  }
  return flags;
}

function readNumber(flags: Map<string, string>, name: string): number | undefined {
  const text = flags.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got "${text}"`);
  return value;
}

async function startTicketmaster(flags: Map<string, string>, common: CommonOptions): Promise<StartedFake & { describe: string }> {
  const speed = readNumber(flags, "speed");
  const quota = readNumber(flags, "quota");
  const worldFile = flags.get("world");
  if (worldFile) {
    const { startTicketmasterFake } = await import("./ticketmaster/server");
    const world = JSON.parse(await readFile(worldFile, "utf8")) as unknown;
    const fake = await startTicketmasterFake({ ...common, speed, dailyQuota: quota });
    fake.loadWorld(world as Parameters<typeof fake.loadWorld>[0]);
    return { ...fake, describe: `key=${fake.key} world=${worldFile} speed=${speed ?? 1}x` };
  }
  const { startSandbox } = await import("./world/start-sandbox");
  const sandbox = await startSandbox({ ...common, speed, seed: readNumber(flags, "seed") });
  if (quota !== undefined) sandbox.fake.setOptions({ dailyQuota: quota });
  return {
    url: sandbox.url,
    close: sandbox.close,
    describe: `key=${sandbox.key} world=sandbox speed=${sandbox.clock.speed}x worldStart=${sandbox.clock.startAt.toISOString()}`,
  };
}

/** The other fakes live in their own folders; they are loaded only when asked for. */
async function loadFake(relativePath: string, exportName: string): Promise<StartFake> {
  const module = (await import(new URL(relativePath, import.meta.url).href)) as Record<string, unknown>;
  const start = module[exportName];
  if (typeof start !== "function") throw new Error(`${relativePath} does not export ${exportName}`);
  return start as StartFake;
}

async function main(): Promise<void> {
  const [provider, ...rest] = process.argv.slice(2);
  const flags = readFlags(rest);
  const common: CommonOptions = { port: readNumber(flags, "port"), host: flags.get("host"), key: flags.get("key") };
  let fake: StartedFake & { describe?: string };
  if (provider === "ticketmaster") fake = await startTicketmaster(flags, common);
  else if (provider === "seatgeek") fake = await (await loadFake("./seatgeek/server.ts", "startSeatGeekFake"))(common);
  else if (provider === "partner") fake = await (await loadFake("./partner/server.ts", "startPartnerFake"))(common);
  else throw new Error(USAGE);

  process.stdout.write(`${fake.url}\n${provider} fake listening${fake.describe ? ` (${fake.describe})` : ""}\n`);
  const stop = () => {
    fake.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
