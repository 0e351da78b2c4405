"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

/**
 * A small bar chart for the admin pages (recharts): one group per row, one bar per series, stacked when asked.
 * `summary` is the chart said in words, for screen readers.
 */
export function AdminBarChart({ rows, categoryKey, series, isStacked = false, summary, unit, tickInterval = 0, className = "h-56" }: { rows: Record<string, string | number | null>[]; categoryKey: string; series: BarSeries[]; isStacked?: boolean; summary: string; unit?: string; tickInterval?: number | "preserveStartEnd"; className?: string }) {
  return (
    <figure className={`${className} w-full`} role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 224 }}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey={categoryKey} tick={{ fontSize: 11 }} interval={tickInterval} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} unit={unit} />
          <Tooltip />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {series.map((item) => (
            <Bar key={item.key} dataKey={item.key} name={item.label} fill={item.color} stackId={isStacked ? "stack" : undefined} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
