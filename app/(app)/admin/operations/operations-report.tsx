"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Alert, Card, Spinner } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { AdminTable } from "../_components/admin-table";
import { AdminBarChart } from "../_components/bar-chart";

type Report = inferRouterOutputs<AppRouter>["admin"]["operations"];

/** Scheduler lag above this is worth an admin's look: the fastest cadence is 60 s. */
const LAG_WARN_SECONDS = 60;

function time(date: Date | null) {
  return date ? date.toLocaleString("en-GB", { dateStyle: "short", timeStyle: "medium" }) : "—";
}

function seconds(ms: number | null) {
  return ms == null ? "—" : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function describeAhead(ms: number) {
  const hours = ms / 3_600_000;
  if (Math.abs(hours) < 1) return `${Math.round(ms / 60_000)} min`;
  if (Math.abs(hours) < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium" data-testid={testId}>{value}</dd>
    </div>
  );
}

function ClockCard({ clock }: { clock: Report["clock"] }) {
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">Clock</h2>
      {clock.dataSource === "sandbox" ? (
        <p className="text-sm" data-testid="sandbox-clock">
          Sandbox world time <strong>{time(clock.sourceNow)}</strong> — {describeAhead(clock.aheadMs)} ahead of real time ({time(clock.realNow)}). Alerts, snoozes and reminders count on the sandbox clock.
        </p>
      ) : (
        <p className="text-sm">Real Ticketmaster data: events and alerts run on real time ({time(clock.realNow)}).</p>
      )}
    </Card>
  );
}

function SchedulerCard({ queries, jobs, failures }: Pick<Report, "queries" | "jobs" | "failures">) {
  const isBehind = queries.maxLagSeconds > LAG_WARN_SECONDS;
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">Scheduler</h2>
      <p className={`text-sm font-medium ${isBehind ? "text-amber-700 dark:text-amber-300" : "text-green-700 dark:text-green-400"}`} data-testid="scheduler-verdict">
        {queries.active === 0
          ? "No provider queries planned yet (no active watches)."
          : isBehind
            ? `Behind: the most overdue query has waited ${queries.maxLagSeconds} s past its due time.`
            : `Keeping up: ${queries.due} of ${queries.active} queries due now, the most overdue by ${queries.maxLagSeconds} s.`}
      </p>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="Active queries" value={queries.active} testId="queries-active" />
        <Stat label="Due now" value={queries.due} />
        <Stat label="Being polled" value={queries.leased} />
        <Stat label="Most overdue" value={`${queries.maxLagSeconds} s`} />
        <Stat label="Failing" value={queries.failing} />
        <Stat label="Polled, last hour" value={queries.polledLastHour} />
      </dl>
      <h3 className="font-medium">Job runs, last 24 h</h3>
      {jobs.length === 0 ? (
        <p className="text-sm text-slate-500">No job has run in the last 24 hours. Is a worker (or the web process with jobs on) running?</p>
      ) : (
        <>
          <AdminTable testId="job-table" headers={["Job", "Runs", "Failed", "Running", "Start lag avg / max", "Duration avg", "Last run"]}>
            {jobs.map((job) => (
              <tr key={job.jobId} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-3 font-mono text-xs">{job.jobId}</td>
                <td className="pr-3">{job.runs}</td>
                <td className={`pr-3 ${job.failed ? "text-red-700 dark:text-red-400" : ""}`}>{job.failed}</td>
                <td className="pr-3">{job.running}</td>
                <td className="pr-3">{seconds(job.averageLagMs)} / {seconds(job.maxLagMs)}</td>
                <td className="pr-3">{seconds(job.averageDurationMs)}</td>
                <td>{time(job.lastStartedAt)}</td>
              </tr>
            ))}
          </AdminTable>
          <AdminBarChart
            rows={jobs.map((job) => ({ job: job.jobId.split(".").pop() ?? job.jobId, average: (job.averageLagMs ?? 0) / 1000, max: (job.maxLagMs ?? 0) / 1000 }))}
            categoryKey="job"
            unit=" s"
            series={[{ key: "average", label: "Average start lag (s)", color: "#6366f1" }, { key: "max", label: "Max start lag (s)", color: "#f59e0b" }]}
            summary={`Start lag per job: ${jobs.map((job) => `${job.jobId} average ${seconds(job.averageLagMs)}, max ${seconds(job.maxLagMs)}`).join("; ")}`}
          />
        </>
      )}
      <h3 className="font-medium">Recent failures</h3>
      {failures.length === 0 ? (
        <p className="text-sm text-slate-500">No failed job runs in the last 24 hours.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {failures.map((failure) => (
            <li key={`${failure.jobId}:${failure.slot}`} className="break-words">
              <span className="font-mono text-xs">{failure.jobId}</span> at {time(failure.startedAt)}: <span className="text-red-700 dark:text-red-400">{failure.error ?? "no message"}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function DeliveriesCard({ deliveries }: Pick<Report, "deliveries">) {
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">Deliveries per channel, last 24 h</h2>
      {deliveries.length === 0 ? (
        <p className="text-sm text-slate-500">No notifications planned in the last 24 hours.</p>
      ) : (
        <>
          <AdminTable testId="delivery-table" headers={["Channel", "Sent", "Kept locally", "Failed", "Pending", "Dropped", "Success"]}>
            {deliveries.map((row) => (
              <tr key={row.channel} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-3">{row.channel}</td>
                <td className="pr-3">{row.sent}</td>
                <td className={`pr-3 ${row.kept ? "text-amber-700 dark:text-amber-400" : ""}`}>{row.kept}</td>
                <td className={`pr-3 ${row.failed ? "text-red-700 dark:text-red-400" : ""}`}>{row.failed}</td>
                <td className="pr-3">{row.pending}</td>
                <td className="pr-3">{row.dropped}</td>
                <td>{row.successRate == null ? "—" : `${Math.round(row.successRate * 1000) / 10}%`}</td>
              </tr>
            ))}
          </AdminTable>
          <AdminBarChart
            rows={deliveries.map((row) => ({ channel: row.channel, sent: row.sent, kept: row.kept, failed: row.failed, pending: row.pending }))}
            categoryKey="channel"
            isStacked
            series={[
              { key: "sent", label: "Sent", color: "#16a34a" },
              { key: "kept", label: "Kept locally", color: "#d97706" },
              { key: "failed", label: "Failed", color: "#dc2626" },
              { key: "pending", label: "Pending", color: "#94a3b8" },
            ]}
            summary={`Deliveries per channel: ${deliveries.map((row) => `${row.channel} ${row.sent} sent, ${row.kept} kept locally, ${row.failed} failed, ${row.pending} pending`).join("; ")}`}
          />
          <p className="text-xs text-slate-500">
            Success is sent ÷ (sent + failed). Kept locally: no email or SMS service is configured, so the development outbox kept them instead of sending
            them; they count neither as sent nor as failed. Pending includes deliveries held for quiet hours or digests; dropped ones were stopped by the
            fan&apos;s own settings.
          </p>
        </>
      )}
    </Card>
  );
}

/** The admin operations view, refreshed every 15 s. */
export function OperationsReport() {
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.admin.operations.queryOptions(), refetchInterval: 15_000 });
  if (report.isPending) return <Spinner label="Loading operations" />;
  if (report.isError) return <Alert>Could not load the operations report: {report.error.message}</Alert>;
  const data = report.data;
  return (
    <div className="space-y-4">
      <ClockCard clock={data.clock} />
      <SchedulerCard queries={data.queries} jobs={data.jobs} failures={data.failures} />
      <DeliveriesCard deliveries={data.deliveries} />
    </div>
  );
}
