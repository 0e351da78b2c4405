/**
 * Sale windows and status for a sandbox event: when the public sale opens, which presales precede it, and
 * what `dates.status.code` that implies at world start.
 */
import { formatDiscoveryInstant } from "../ticketmaster/event-time";
import type { TmPresale, TmSales, TmStatusCode } from "../ticketmaster/types";
import type { EventTraits } from "./event-traits";
import type { Random } from "./random";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The two placeholder instants seen on ~18% of events (providers.md 5 #7, PROBE-2026 §9). */
const PLACEHOLDER_STARTS = ["1900-01-01T06:00:00Z", "1900-01-01T18:00:00Z"];

const PRESALE_NAMES = [
  "Artist Presale",
  "Ticketmaster Presale",
  "Verified Fan Presale",
  "Official Platinum Presale",
  "Season Ticket Holder Priority",
  "Members Priority Sale",
  "Venue Presale",
  "O2 Priority",
];

export interface SalePlan {
  sales: TmSales;
  status: TmStatusCode;
  /** Epoch ms of the first window that opens after world start, for the timeline; null if none. */
  firstOpeningAfterStart: number | null;
  publicStart: number | null;
}

/** Presale windows back to back before `publicStart`, earliest first, each a day long. */
export function makePresales(random: Random, publicStart: number, count: number): TmPresale[] {
  const names = random.shuffle(PRESALE_NAMES).slice(0, count);
  return names
    .map((name, index) => {
      const end = publicStart - index * DAY - random.int(0, 2) * HOUR;
      const presale: TmPresale = { name, startDateTime: formatDiscoveryInstant(end - DAY), endDateTime: formatDiscoveryInstant(end) };
      if (random.chance(0.3)) presale.description = `Register in advance for access to the ${name.toLowerCase()}.`;
      return presale;
    })
    .sort((a, b) => (a.startDateTime < b.startDateTime ? -1 : 1));
}

function drawPublicStart(traits: EventTraits, random: Random, worldStart: number, eventStart: number, announcedAt: number): number | null {
  switch (traits.phase) {
    case "placeholder":
      return null;
    case "upcoming": {
      const latest = Math.min(25 * DAY, eventStart - worldStart - 3 * DAY);
      return worldStart + random.int(3 * HOUR, Math.max(3 * HOUR, latest));
    }
    case "announced":
      // At least four days out, so even three back-to-back presales open after the announcement.
      return announcedAt + random.int(4 * DAY, 8 * DAY);
    default: {
      const earliest = Math.min(90 * DAY, Math.max(2 * DAY, eventStart - worldStart));
      return worldStart - random.int(DAY, earliest);
    }
  }
}

function readStatus(traits: EventTraits, random: Random, firstWindowStart: number | null, worldStart: number): TmStatusCode {
  switch (traits.phase) {
    case "ended":
      return "offsale";
    case "cancelled":
      // Data spells it `cancelled`; the Swagger enum says `canceled` — serve both (providers.md 1.8).
      return random.chance(0.85) ? "cancelled" : "canceled";
    case "postponed-tba":
      return random.chance(0.75) ? "postponed" : "onsale";
    case "rescheduled":
      return "rescheduled";
    case "upcoming":
    case "announced":
      return firstWindowStart !== null && firstWindowStart <= worldStart ? "onsale" : "offsale";
    default:
      return "onsale";
  }
}

export function planSales(
  traits: EventTraits,
  random: Random,
  times: { worldStart: number; eventStart: number; announcedAt?: number },
): SalePlan {
  const { worldStart, eventStart } = times;
  const drawn = drawPublicStart(traits, random, worldStart, eventStart, times.announcedAt ?? worldStart);
  // Sales open on the hour, as promoters schedule them.
  const publicStart = drawn === null ? null : Math.round(drawn / HOUR) * HOUR;
  const publicEnd = traits.phase === "ended" ? worldStart - random.int(1, 5) * DAY : eventStart;
  const sales: TmSales = {
    public: {
      startDateTime: publicStart === null ? random.pick(PLACEHOLDER_STARTS) : formatDiscoveryInstant(publicStart),
      endDateTime: formatDiscoveryInstant(publicEnd),
      startTBD: false,
      startTBA: false,
    },
  };
  const presaleAnchor = publicStart ?? worldStart - random.int(20, 60) * DAY;
  if (traits.presales === "empty") sales.presales = [];
  if (traits.presales === "one") sales.presales = makePresales(random, presaleAnchor, 1);
  if (traits.presales === "several") sales.presales = makePresales(random, presaleAnchor, random.int(2, 3));

  const windowStarts = [publicStart, ...(sales.presales ?? []).map((p) => Date.parse(p.startDateTime))].filter(
    (start): start is number => start !== null,
  );
  const firstWindowStart = windowStarts.length > 0 ? Math.min(...windowStarts) : null;
  const upcomingOpenings = windowStarts.filter((start) => start > worldStart);
  return {
    sales,
    status: readStatus(traits, random, firstWindowStart, worldStart),
    firstOpeningAfterStart: upcomingOpenings.length > 0 ? Math.min(...upcomingOpenings) : null,
    publicStart,
  };
}
