/**
 * The local PostgreSQL cluster behind TEST_DATABASE_URL, for the restart test: found with pg_lsclusters by
 * its port (SEATWATCH_FAULTS_PG_CLUSTER, default `main`, must be the one on that port, so the test never
 * restarts a server it does not use), restarted with pg_ctlcluster, and brought up again whatever happens.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { connect } from "node:net";

export interface Cluster {
  version: string;
  name: string;
  port: number;
}

function run(args: string[]) {
  const result = spawnSync(args[0]!, args.slice(1), { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

export function findCluster(serverUrl: string): Cluster {
  const port = Number(new URL(serverUrl).port || 5432);
  const name = process.env.SEATWATCH_FAULTS_PG_CLUSTER ?? "main";
  const versions = readdirSync("/etc/postgresql");
  // pg_lsclusters -h: version, cluster, port, status, owner, data directory, log file
  const rows = run(["pg_lsclusters", "-h"])
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 3);
  const row = rows.find((fields) => fields[1] === name && versions.includes(fields[0]!));
  if (!row) throw new Error(`no PostgreSQL cluster "${name}" (set SEATWATCH_FAULTS_PG_CLUSTER); pg_lsclusters shows ${rows.map((f) => `${f[0]}/${f[1]}:${f[2]}`).join(", ")}`);
  if (Number(row[2]) !== port) throw new Error(`cluster ${row[0]}/${name} listens on ${row[2]}, but TEST_DATABASE_URL names port ${port}: refusing to restart a server this test does not use`);
  return { version: row[0]!, name, port };
}

/** `pg_ctlcluster … restart` (fast shutdown: open connections are cut, open transactions roll back). */
export function restartCluster(cluster: Cluster) {
  run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster.version, cluster.name, "restart"]);
}

function isAccepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Starts the cluster if it is down and waits until it accepts connections (for afterAll, even on failure). */
export async function ensureClusterUp(cluster: Cluster) {
  if (await isAccepting(cluster.port)) return;
  spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster.version, cluster.name, "start"], { encoding: "utf8", timeout: 120_000 });
  for (let i = 0; i < 60 && !(await isAccepting(cluster.port)); i += 1) await new Promise((resolve) => setTimeout(resolve, 500));
}
