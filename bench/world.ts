/**
 * The benchmarks' synthetic world: ~1,000 attractions (sports teams playing each other, touring artists,
 * theatre shows) with their events in five countries, and a scripted timeline of the news fans watch for over
 * the simulated period — announcements, presales and on-sales opening (known in advance, the "urgent" news),
 * sale dates published, price ranges appearing and dropping, postponements, cancellations, reschedules.
 * Deterministic for a seed and a start instant. Every scripted change is also returned as a record (time,
 * event, the alert kinds it should cause), which is what latency is measured from.
 */
import type { ChangeKind } from "@/server/engine";
import type { TimelineStep, TmAttraction, TmClassification, TmEvent, TmPatch, TmPresale, TmVenue, World } from "@/server/sandbox/ticketmaster/types";
import { CLASSIFICATIONS } from "@/server/sandbox/world/classifications";
import { makeFixtureEvent } from "@/server/sandbox/world/fixture-parts";
import { createRandom, type Random } from "@/server/sandbox/world/random";
import { convertLocalToUtc, readLocalParts } from "@/server/sandbox/world/zoned-time";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface City {
  name: string;
  country: string;
  countryName: string;
  timezone: string;
  latitude: number;
  longitude: number;
  currency: string;
}

export const BENCH_CITIES: City[] = [
  { name: "London", country: "GB", countryName: "Great Britain", timezone: "Europe/London", latitude: 51.507, longitude: -0.128, currency: "GBP" },
  { name: "Manchester", country: "GB", countryName: "Great Britain", timezone: "Europe/London", latitude: 53.48, longitude: -2.242, currency: "GBP" },
  { name: "Birmingham", country: "GB", countryName: "Great Britain", timezone: "Europe/London", latitude: 52.486, longitude: -1.89, currency: "GBP" },
  { name: "Glasgow", country: "GB", countryName: "Great Britain", timezone: "Europe/London", latitude: 55.864, longitude: -4.252, currency: "GBP" },
  { name: "Dublin", country: "IE", countryName: "Ireland", timezone: "Europe/Dublin", latitude: 53.35, longitude: -6.26, currency: "EUR" },
  { name: "New York", country: "US", countryName: "United States Of America", timezone: "America/New_York", latitude: 40.713, longitude: -74.006, currency: "USD" },
  { name: "Los Angeles", country: "US", countryName: "United States Of America", timezone: "America/Los_Angeles", latitude: 34.052, longitude: -118.244, currency: "USD" },
  { name: "Chicago", country: "US", countryName: "United States Of America", timezone: "America/Chicago", latitude: 41.878, longitude: -87.63, currency: "USD" },
  { name: "Boston", country: "US", countryName: "United States Of America", timezone: "America/New_York", latitude: 42.36, longitude: -71.059, currency: "USD" },
  { name: "Berlin", country: "DE", countryName: "Germany", timezone: "Europe/Berlin", latitude: 52.52, longitude: 13.405, currency: "EUR" },
  { name: "Munich", country: "DE", countryName: "Germany", timezone: "Europe/Berlin", latitude: 48.135, longitude: 11.582, currency: "EUR" },
  { name: "Hamburg", country: "DE", countryName: "Germany", timezone: "Europe/Berlin", latitude: 53.551, longitude: 9.994, currency: "EUR" },
  { name: "Madrid", country: "ES", countryName: "Spain", timezone: "Europe/Madrid", latitude: 40.417, longitude: -3.704, currency: "EUR" },
  { name: "Barcelona", country: "ES", countryName: "Spain", timezone: "Europe/Madrid", latitude: 41.385, longitude: 2.173, currency: "EUR" },
];

export const BENCH_COUNTRIES = [...new Set(BENCH_CITIES.map((city) => city.country))];

export type AttractionKind = "team" | "artist" | "show";

export interface BenchAttraction {
  id: string;
  name: string;
  kind: AttractionKind;
  /** Relative popularity (Zipf): how likely a fan watches it. */
  weight: number;
  segment: "Sports" | "Music" | "Arts & Theatre";
  home: City;
  tm: TmAttraction;
}

export interface BenchVenue {
  id: string;
  name: string;
  city: City;
  tm: TmVenue;
}

/** A scripted change and the alert kinds it should cause (for watches that want them). */
export interface ScriptedChange {
  /** Simulated epoch ms at which the change happens in the world. */
  at: number;
  eventId: string;
  kinds: ChangeKind[];
  /** Time-critical news the scheduler is meant to catch fast: sale openings and their last reminders. */
  isUrgent: boolean;
  note: string;
}

export interface BenchWorld {
  startMs: number;
  endMs: number;
  world: World;
  attractions: BenchAttraction[];
  venues: BenchVenue[];
  changes: ScriptedChange[];
  /** Events at world start plus those announced later, by id (latest scripted shape not tracked). */
  eventCount: number;
}

export interface BenchWorldOptions {
  seed: number;
  attractions: number;
  /** Simulated start (epoch ms, whole minute). */
  startMs: number;
  /** Length of the scripted period. */
  hours: number;
  /** News per simulated day; defaults below. */
  rates?: Partial<ChangeRates>;
}

/** Scripted news per simulated 24 h (scaled to the period). */
export interface ChangeRates {
  announced: number;
  priceDropped: number;
  priceAppeared: number;
  presaleScheduled: number;
  saleScheduled: number;
  postponed: number;
  cancelled: number;
  rescheduled: number;
  /** Public on-sales opening during the period (their date is known from the start). */
  onSale: number;
  /** Presales opening during the period. */
  presaleOpen: number;
}

export const DEFAULT_RATES: ChangeRates = {
  announced: 60,
  priceDropped: 120,
  priceAppeared: 30,
  presaleScheduled: 30,
  saleScheduled: 20,
  postponed: 12,
  cancelled: 6,
  rescheduled: 6,
  onSale: 60,
  presaleOpen: 60,
};

const SYLLABLES = ["ka", "lo", "ri", "ven", "mar", "tha", "zel", "on", "dra", "mi", "sol", "ber", "qui", "ne", "van", "tor", "ly", "sa", "pe", "gor", "fin", "ul", "res", "cas"];
const MASCOTS = ["Foxes", "Rovers", "Giants", "Comets", "Hawks", "Lions", "Pilots", "Owls", "Wolves", "Storm", "Rangers", "Kings", "Bears", "Sharks", "Falcons", "Titans"];
const BANDS = ["Lanterns", "Harbor", "Echoes", "Collective", "Parade", "Circuit", "Orchestra", "Sisters", "Brothers", "Machine", "Society", "Choir"];
const SHOW_WORDS = ["Musical", "Revue", "Comedy Night", "Ballet", "Opera", "Live"];
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function makeWord(random: Random, parts: number): string {
  const word = Array.from({ length: parts }, () => random.pick(SYLLABLES)).join("");
  return word[0]!.toUpperCase() + word.slice(1);
}

function classificationOf(kind: AttractionKind, random: Random): TmClassification {
  if (kind === "team") return random.chance(0.6) ? CLASSIFICATIONS.football : CLASSIFICATIONS.basketball;
  if (kind === "show") return random.pick([CLASSIFICATIONS.musical, CLASSIFICATIONS.theatre, CLASSIFICATIONS.comedy]);
  return random.pick([CLASSIFICATIONS.rock, CLASSIFICATIONS.pop, CLASSIFICATIONS.electronic, CLASSIFICATIONS.folk, CLASSIFICATIONS.classical]);
}

function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Samples an index with probability proportional to weights (prefix sums, binary search). */
export function createWeightedPicker(weights: readonly number[], random: Random): () => number {
  const prefix: number[] = [];
  let total = 0;
  for (const w of weights) prefix.push((total += w));
  return () => {
    const x = random.next() * total;
    let lo = 0;
    let hi = prefix.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prefix[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

interface EventInfo {
  event: TmEvent;
  attractions: BenchAttraction[];
  venue: BenchVenue;
  startMs: number;
  /** Mutable script state, so two changes never contradict each other. */
  status: string;
  priceMin: number | null;
  publicSaleMs: number;
  presales: TmPresale[];
  isTouched: boolean;
}

export function buildBenchWorld(options: BenchWorldOptions): BenchWorld {
  const random = createRandom(options.seed);
  const rates = { ...DEFAULT_RATES, ...options.rates };
  const startMs = options.startMs;
  const endMs = startMs + options.hours * HOUR;
  const usedIds = new Set<string>();
  const newId = (prefix: string, length: number) => {
    for (;;) {
      const id = prefix + random.text(ID_ALPHABET, length);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };

  // Venues: a dozen or more per city.
  const venues: BenchVenue[] = [];
  for (const city of BENCH_CITIES) {
    for (let i = 0; i < Math.max(4, Math.round(options.attractions / 70)); i += 1) {
      const id = newId("KovZ", 8);
      const name = `${makeWord(random, 2)} ${random.pick(["Arena", "Hall", "Stadium", "Theatre", "Club", "Park"])}`;
      const tm: TmVenue = {
        name,
        type: "venue",
        id,
        test: false,
        locale: "en-us",
        timezone: city.timezone,
        city: { name: city.name },
        country: { name: city.countryName, countryCode: city.country },
        location: { longitude: (city.longitude + (random.next() - 0.5) * 0.1).toFixed(6), latitude: (city.latitude + (random.next() - 0.5) * 0.1).toFixed(6) },
        _links: { self: { href: `/discovery/v2/venues/${id}?locale=en-us` } },
      };
      venues.push({ id, name, city, tm });
    }
  }
  const venuesByCity = new Map<string, BenchVenue[]>();
  for (const venue of venues) venuesByCity.set(venue.city.name, [...(venuesByCity.get(venue.city.name) ?? []), venue]);

  // Attractions with Zipf popularity over a random order (popularity independent of kind).
  const kinds: AttractionKind[] = Array.from({ length: options.attractions }, (_, i) => {
    const share = i / options.attractions;
    return share < 0.3 ? "team" : share < 0.9 ? "artist" : "show";
  });
  const ranks = random.shuffle(Array.from({ length: options.attractions }, (_, i) => i));
  const names = new Set<string>();
  const attractions: BenchAttraction[] = kinds.map((kind, i) => {
    const home = random.pick(BENCH_CITIES);
    let name = "";
    do {
      name =
        kind === "team"
          ? `${home.name} ${makeWord(random, 2)} ${random.pick(MASCOTS)}`
          : kind === "artist"
            ? random.chance(0.5)
              ? `${makeWord(random, 2)} ${makeWord(random, 3)}`
              : `The ${makeWord(random, 2)} ${random.pick(BANDS)}`
            : `${makeWord(random, 3)} ${random.pick(SHOW_WORDS)}`;
    } while (names.has(name));
    names.add(name);
    const id = newId("K8vZ9", 6);
    const classification = classificationOf(kind, random);
    const tm: TmAttraction = {
      name,
      type: "attraction",
      id,
      test: false,
      locale: "en-us",
      classifications: [classification],
      _links: { self: { href: `/discovery/v2/attractions/${id}?locale=en-us` } },
    };
    const segment = kind === "team" ? "Sports" : kind === "artist" ? "Music" : "Arts & Theatre";
    return { id, name, kind, weight: 1 / (ranks[i]! + 1) ** 0.9, segment, home, tm };
  });

  // Events.
  const infos: EventInfo[] = [];
  const makeEvent = (atts: BenchAttraction[], venue: BenchVenue, startAt: number, name: string, sale: { status: string; publicSaleMs: number; presales: TmPresale[]; priceMin: number | null }): EventInfo => {
    const local = readLocalParts(startAt, venue.city.timezone);
    const id = newId("vvG1", 10);
    const priceRanges = sale.priceMin === null ? undefined : [{ type: "standard", currency: venue.city.currency, min: sale.priceMin, max: sale.priceMin * 3 }];
    const event = makeFixtureEvent({
      id,
      name,
      venue: venue.tm,
      attractions: atts.map((a) => a.tm),
      local: `${local.date}T${local.time}`,
      utc: formatInstant(startAt),
      status: sale.status as TmEvent["dates"]["status"]["code"],
      publicSale: { startDateTime: formatInstant(sale.publicSaleMs) },
      extra: { sales: { presales: sale.presales }, ...(priceRanges ? { priceRanges } : {}) },
    });
    return { event, attractions: atts, venue, startMs: startAt, status: sale.status, priceMin: sale.priceMin, publicSaleMs: sale.publicSaleMs, presales: sale.presales, isTouched: false };
  };
  const pickStart = (venue: BenchVenue) => {
    const day = startMs + random.int(2, 150) * DAY;
    const { date } = readLocalParts(day, venue.city.timezone);
    return convertLocalToUtc(date, random.pick(["15:00:00", "19:30:00", "20:00:00"]), venue.city.timezone);
  };
  const pickSale = (): { status: string; publicSaleMs: number; presales: TmPresale[]; priceMin: number | null } => {
    const priceMin = random.chance(0.75) ? random.int(20, 150) : null;
    if (random.chance(0.8)) return { status: "onsale", publicSaleMs: startMs - random.int(5, 60) * DAY, presales: [], priceMin };
    // Not on sale yet: public sale in 2–20 days, often a presale before it.
    const publicSaleMs = startMs + random.int(2 * 24, 20 * 24) * HOUR;
    const presales = random.chance(0.5)
      ? [{ name: "Fan Presale", startDateTime: formatInstant(publicSaleMs - 2 * DAY), endDateTime: formatInstant(publicSaleMs - HOUR) }]
      : [];
    return { status: "offsale", publicSaleMs, presales, priceMin };
  };

  const teams = attractions.filter((a) => a.kind === "team");
  for (const home of teams) {
    const games = 4 + Math.round(random.next() * 6);
    for (let g = 0; g < games; g += 1) {
      const away = random.pick(teams.filter((t) => t !== home && t.tm.classifications?.[0] === home.tm.classifications?.[0]).slice(0, 60)) ?? home;
      const venue = random.pick(venuesByCity.get(home.home.name)!);
      infos.push(makeEvent([home, away], venue, pickStart(venue), `${home.name} vs. ${away.name}`, pickSale()));
    }
  }
  for (const artist of attractions.filter((a) => a.kind === "artist")) {
    const dates = 1 + Math.round(random.next() * 8 + artist.weight * 20);
    const tour = `${makeWord(random, 2)} Tour`;
    for (let d = 0; d < dates; d += 1) {
      const venue = random.pick(venues);
      infos.push(makeEvent([artist], venue, pickStart(venue), `${artist.name}: ${tour}`, pickSale()));
    }
  }
  for (const show of attractions.filter((a) => a.kind === "show")) {
    const venue = random.pick(venuesByCity.get(show.home.name)!);
    for (let d = 0; d < 6 + random.int(0, 8); d += 1) infos.push(makeEvent([show], venue, pickStart(venue), show.name, pickSale()));
  }

  // The timeline. Each generator picks an event in the right state and records what it should cause.
  const steps: TimelineStep[] = [];
  const changes: ScriptedChange[] = [];
  const span = endMs - startMs;
  const count = (perDay: number) => Math.max(0, Math.round((perDay * span) / DAY));
  const randomAt = (minLead = 10 * MINUTE) => startMs + minLead + Math.floor(random.next() * Math.max(1, span - minLead - MINUTE));
  const record = (at: number, eventId: string, kinds: ChangeKind[], note: string, isUrgent = false) => changes.push({ at, eventId, kinds, isUrgent, note });
  type StepBody = { op: "add"; event: TmEvent; note?: string } | { op: "patch"; id: string; event: TmPatch<TmEvent>; note?: string };
  const step = (at: number, body: StepBody) => steps.push({ at: at - startMs, ...body } as TimelineStep);
  const eventPicker = createWeightedPicker(infos.map((info) => info.attractions.reduce((s, a) => s + a.weight, 0) + 0.01), random);
  const pickEvent = (accept: (info: EventInfo) => boolean): EventInfo | null => {
    for (let tries = 0; tries < 2_000; tries += 1) {
      const info = infos[eventPicker()]!;
      if (!info.isTouched && accept(info)) {
        info.isTouched = true;
        return info;
      }
    }
    return null;
  };

  // Sale openings during the period (urgent): the sale date is in the data from the start.
  for (let i = 0; i < count(rates.onSale); i += 1) {
    const info = pickEvent((e) => e.status === "offsale" && e.presales.length === 0);
    if (!info) break;
    const at = Math.floor(randomAt(30 * MINUTE) / MINUTE) * MINUTE;
    info.publicSaleMs = at;
    info.event.sales = { ...info.event.sales, public: { ...info.event.sales!.public!, startDateTime: formatInstant(at) } };
    step(at, { op: "patch", id: info.event.id, event: { dates: { status: { code: "onsale" } } }, note: "public on-sale opens" });
    record(at, info.event.id, ["on-sale"], "public on-sale opens", true);
  }
  for (let i = 0; i < count(rates.presaleOpen); i += 1) {
    const info = pickEvent((e) => e.status === "offsale" && e.presales.length > 0);
    if (!info) break;
    const at = Math.floor(randomAt(30 * MINUTE) / MINUTE) * MINUTE;
    const presales = [{ name: "Fan Presale", startDateTime: formatInstant(at), endDateTime: formatInstant(info.publicSaleMs - HOUR) }];
    info.presales = presales;
    info.event.sales = { ...info.event.sales, presales };
    record(at, info.event.id, ["presale-open"], "presale opens (clock)", true);
  }
  for (let i = 0; i < count(rates.priceDropped); i += 1) {
    const info = pickEvent((e) => e.status === "onsale" && e.priceMin !== null && e.priceMin > 25);
    if (!info) break;
    const at = randomAt();
    const min = Math.max(10, Math.floor(info.priceMin! * (0.6 + random.next() * 0.3)));
    step(at, { op: "patch", id: info.event.id, event: { priceRanges: [{ type: "standard", currency: info.venue.city.currency, min, max: info.priceMin! * 3 }] }, note: "price dropped" });
    record(at, info.event.id, ["price-dropped"], "price dropped");
  }
  for (let i = 0; i < count(rates.priceAppeared); i += 1) {
    const info = pickEvent((e) => e.priceMin === null && e.status === "onsale");
    if (!info) break;
    const at = randomAt();
    const min = random.int(20, 120);
    step(at, { op: "patch", id: info.event.id, event: { priceRanges: [{ type: "standard", currency: info.venue.city.currency, min, max: min * 3 }] }, note: "price published" });
    record(at, info.event.id, ["price-appeared"], "price published");
  }
  for (let i = 0; i < count(rates.presaleScheduled); i += 1) {
    const info = pickEvent((e) => e.status === "offsale" && e.presales.length === 0 && e.publicSaleMs > endMs + 2 * DAY);
    if (!info) break;
    const at = randomAt();
    const presales = [{ name: "Members Presale", startDateTime: formatInstant(info.publicSaleMs - DAY), endDateTime: formatInstant(info.publicSaleMs - HOUR) }];
    step(at, { op: "patch", id: info.event.id, event: { sales: { presales } }, note: "presale scheduled" });
    record(at, info.event.id, ["presale-scheduled"], "presale scheduled");
  }
  for (let i = 0; i < count(rates.saleScheduled); i += 1) {
    const info = pickEvent((e) => e.status === "offsale" && e.publicSaleMs > endMs + 2 * DAY);
    if (!info) break;
    const at = randomAt();
    const moved = formatInstant(info.publicSaleMs + random.int(1, 5) * DAY);
    step(at, { op: "patch", id: info.event.id, event: { sales: { public: { startDateTime: moved, startTBD: false, startTBA: false } } }, note: "public sale date set" });
    record(at, info.event.id, ["sale-scheduled"], "public sale date set");
  }
  const statusChange = (n: number, code: "postponed" | "cancelled" | "rescheduled") => {
    for (let i = 0; i < n; i += 1) {
      const info = pickEvent((e) => e.status === "onsale" || e.status === "offsale");
      if (!info) break;
      const at = randomAt();
      if (code === "rescheduled") {
        const moved = info.startMs + random.int(7, 30) * DAY;
        const local = readLocalParts(moved, info.venue.city.timezone);
        step(at, { op: "patch", id: info.event.id, event: { dates: { status: { code }, start: { localDate: local.date, localTime: local.time, dateTime: formatInstant(moved) } } }, note: code });
      } else {
        step(at, { op: "patch", id: info.event.id, event: { dates: { status: { code } } }, note: code });
      }
      info.status = code;
      record(at, info.event.id, ["status-changed"], code);
    }
  };
  statusChange(count(rates.postponed), "postponed");
  statusChange(count(rates.cancelled), "cancelled");
  statusChange(count(rates.rescheduled), "rescheduled");
  const attractionPicker = createWeightedPicker(attractions.map((a) => a.weight), random);
  let announcedCount = 0;
  for (let i = 0; i < count(rates.announced); i += 1) {
    announcedCount += 1;
    const artist = attractions[attractionPicker()]!;
    const at = randomAt();
    const venue = artist.kind === "artist" ? random.pick(venues) : random.pick(venuesByCity.get(artist.home.name)!);
    const publicSaleMs = at + random.int(3, 10) * DAY;
    const presales = random.chance(0.5) ? [{ name: "Artist Presale", startDateTime: formatInstant(publicSaleMs - DAY), endDateTime: formatInstant(publicSaleMs - HOUR) }] : [];
    const name = artist.kind === "team" ? `${artist.name}: Friendly` : artist.kind === "artist" ? `${artist.name}: Extra Date` : `${artist.name}: Extra Performance`;
    const info = makeEvent([artist], venue, pickStart(venue), name, { status: "offsale", publicSaleMs, presales, priceMin: null });
    info.isTouched = true;
    step(at, { op: "add", event: info.event, note: "announced" });
    record(at, info.event.id, ["announced", "sale-scheduled", ...(presales.length ? (["presale-scheduled"] as const) : [])], "announced");
  }

  // Clock-driven reminders of every sale start known at world start (24 h, 1 h, 10 min before).
  for (const info of infos) {
    if (info.status !== "offsale") continue;
    const sales = [{ at: info.publicSaleMs }, ...info.presales.map((p) => ({ at: Date.parse(p.startDateTime) }))];
    for (const sale of sales) {
      for (const [lead, label] of [
        [DAY, "24h"],
        [HOUR, "1h"],
        [10 * MINUTE, "10m"],
      ] as const) {
        const at = sale.at - lead;
        if (at > startMs + 10 * MINUTE && at < endMs) record(at, info.event.id, ["sale-reminder"], `reminder ${label}`, label !== "24h");
      }
    }
  }

  steps.sort((a, b) => a.at - b.at);
  changes.sort((a, b) => a.at - b.at);
  return {
    startMs,
    endMs,
    world: {
      startAt: new Date(startMs).toISOString(),
      events: infos.map((info) => info.event),
      attractions: attractions.map((a) => a.tm),
      venues: venues.map((v) => v.tm),
      timeline: steps,
    },
    attractions,
    venues,
    changes,
    eventCount: infos.length + announcedCount,
  };
}
