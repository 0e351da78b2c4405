import { cn } from "./ui";

const PROVIDERS: Record<string, { name: string; color: string }> = {
  ticketmaster: { name: "ticketmaster", color: "#026cdf" },
  seatgeek: { name: "SeatGeek", color: "#ff5b49" },
};

/**
 * The ticketing source's mark beside its official link, as the Discovery API terms ask for attribution. Drawn as the
 * provider's wordmark in its brand colour; the licensed logo file from the provider's brand kit can replace it.
 */
export function ProviderMark({ provider, className }: { provider: string; className?: string }) {
  const known = PROVIDERS[provider];
  const name = known?.name ?? provider;
  return (
    <span
      role="img"
      aria-label={`${known ? name.charAt(0).toUpperCase() + name.slice(1) : provider} logo`}
      data-testid="provider-mark"
      className={cn("inline-flex items-center rounded-md bg-white px-2 py-0.5 text-sm font-bold italic tracking-tight", className)}
      style={{ color: known?.color ?? "#334155" }}
    >
      {name}
    </span>
  );
}
