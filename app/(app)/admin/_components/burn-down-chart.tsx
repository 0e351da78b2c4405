"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BurnDownRow {
  at: Date;
  used: number | null;
  limit: number;
  pace: number;
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });

/**
 * Calls used across the whole rolling window (recharts): the ledger's running total against the limit and the
 * even pace that would spend the limit exactly at the reset. `summary` says it in words for screen readers.
 */
export function BurnDownChart({ points, summary }: { points: BurnDownRow[]; summary: string }) {
  const rows = points.map((point) => ({ at: point.at.getTime(), used: point.used, limit: point.limit, pace: point.pace }));
  return (
    <figure className="h-56 w-full" role="img" aria-label={summary} data-testid="quota-burn-down">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 224 }}>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={clock} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} width={44} />
          <Tooltip labelFormatter={(value) => clock(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="limit" name="Limit" stroke="#dc2626" strokeDasharray="6 3" dot={false} isAnimationActive={false} />
          <Line dataKey="pace" name="Even pace" stroke="#94a3b8" strokeDasharray="2 3" dot={false} isAnimationActive={false} />
          <Line dataKey="used" name="Used (ledger)" stroke="#6366f1" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
