import { formatMoney } from "@/server/api/schemas";

/** A small step chart of observed lows; server-rendered SVG, readable without JavaScript. */
export function PriceChart({ points, currency }: { points: { at: string; minMinor: number }[]; currency: string }) {
  const width = 600;
  const height = 160;
  const pad = 28;
  const times = points.map((point) => Date.parse(point.at));
  const values = points.map((point) => point.minMinor);
  const [t0, t1] = [Math.min(...times), Math.max(...times, Math.min(...times) + 1)];
  const [v0, v1] = [Math.min(...values), Math.max(...values, Math.min(...values) + 1)];
  const x = (t: number) => pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad);
  const y = (v: number) => height - pad - ((v - v0) / (v1 - v0)) * (height - 2 * pad);
  const path = points.map((point, index) => `${index ? "H" : "M"}${x(times[index]!).toFixed(1)} ${index ? `V${y(point.minMinor).toFixed(1)}` : y(point.minMinor).toFixed(1)}`).join(" ");
  const summary = points.map((point) => `${new Date(point.at).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" })}: ${formatMoney(point.minMinor, currency)}`).join("; ");
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-40 w-full text-brand-600" role="img" aria-label={`Observed lowest prices: ${summary}`}>
        <text x={pad} y={14} className="fill-slate-500 text-[11px]">{formatMoney(v1, currency)}</text>
        <text x={pad} y={height - 8} className="fill-slate-500 text-[11px]">{formatMoney(v0, currency)}</text>
        <path d={path} fill="none" stroke="currentColor" strokeWidth={2} />
        {points.map((point, index) => <circle key={point.at} cx={x(times[index]!)} cy={y(point.minMinor)} r={3} className="fill-current" />)}
      </svg>
    </figure>
  );
}
