/**
 * An event's life: announced, sales scheduled, reminders, presale and public on-sale, status journey, gone.
 * Each expected alert was worked out by hand from the timeline; the runner checks every one appears once
 * and nothing else does.
 */
import { IDLES, makeEvent, makeWatch, gbp, startOn } from "../builders";
import type { Scenario } from "../scenario";

const FAN_PRESALE = { name: "Fan Presale", startsAt: "2026-03-04T10:00:00Z", endsAt: "2026-03-05T22:00:00Z" };

const announcedEvent = makeEvent("E1", { presales: [FAN_PRESALE], priceRange: gbp(45, 120) });

// Public on-sale start starts as Ticketmaster's 1900 placeholder, which the transform already made null.
const saleEvent = makeEvent("E2", { status: "offsale", publicSale: { startsAt: null, endsAt: null } });
const saleScheduled = { ...saleEvent, publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: "2026-06-12T18:00:00Z" }, presales: [FAN_PRESALE] };

// One poll brings a cooldown watch a presale, the public on-sale date and a first price together.
const coolEvent = makeEvent("E9", { status: "offsale", publicSale: { startsAt: null, endsAt: null } });
const coolScheduled = { ...coolEvent, publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: null }, presales: [FAN_PRESALE], priceRange: gbp(45, 120) };

const statusEvent = makeEvent("E3", { publicSale: { startsAt: "2026-03-06T10:00:00Z", endsAt: null } });
const newDate = startOn("2026-09-18", "19:30:00", "2026-09-18T18:30:00Z");
const secondNight = makeEvent("E4", { start: startOn("2026-06-13", "19:30:00", "2026-06-13T18:30:00Z") });
const pastShow = makeEvent("E5", { start: startOn("2026-04-20", "19:30:00", "2026-04-20T18:30:00Z") });

export const lifecycleScenarios: Scenario[] = [
  {
    name: "a cooldown watch hears every kind of news one poll brings, then cools down",
    proves:
      "With `cooldown 12h`, one poll that shows a presale, the public on-sale date and the first price at once " +
      "tells the watch all three (each is different news); the cooldown starts after that poll, so the public " +
      "sale moving 3 h later is held, and a price drop 12 h 30 min later speaks again.",
    watches: [makeWatch("w-cool", { stages: ["sale-scheduled", "price"], rearm: { mode: "cooldown", hours: 12 } })],
    steps: [
      { at: "2026-03-01T09:00:00Z", events: [coolEvent], baseline: true },
      { at: "2026-03-02T09:00:00Z", events: [coolScheduled] },
      { at: "2026-03-02T12:00:00Z", events: [{ ...coolScheduled, publicSale: { startsAt: "2026-03-07T10:00:00Z", endsAt: null } }] },
      { at: "2026-03-02T21:30:00Z", events: [{ ...coolScheduled, publicSale: { startsAt: "2026-03-07T10:00:00Z", endsAt: null }, priceRange: gbp(40, 120) }] },
    ],
    expected: [
      { at: "2026-03-02T09:00:00Z", watch: "w-cool", event: "E9", kind: "presale-scheduled", bucket: "presale:Fan Presale@2026-03-04T10:00:00Z" },
      { at: "2026-03-02T09:00:00Z", watch: "w-cool", event: "E9", kind: "sale-scheduled", bucket: "public@2026-03-06T10:00:00Z" },
      { at: "2026-03-02T09:00:00Z", watch: "w-cool", event: "E9", kind: "price-appeared", bucket: "GBP:4500" },
      { at: "2026-03-02T21:30:00Z", watch: "w-cool", event: "E9", kind: "price-dropped", bucket: "GBP:4000" },
    ],
  },
  {
    name: "announced folds the sale news of a new event",
    proves:
      "A first-seen event gives a watch taking announcements one `announced` alert (its presale, on-sale date and " +
      "price ride along), while a watch without `announced` gets each of those as its own alert; another " +
      "artist's watch gets nothing. The baseline poll before it announced nothing.",
    watches: [
      makeWatch("w-all"),
      makeWatch("w-sales", { stages: ["sale-scheduled", "price"] }),
      makeWatch("w-idles", { attractions: [IDLES] }),
    ],
    steps: [
      { at: "2026-03-01T09:00:00Z", events: [], baseline: true },
      { at: "2026-03-02T09:00:00Z", events: [announcedEvent] },
    ],
    expected: [
      { at: "2026-03-02T09:00:00Z", watch: "w-all", event: "E1", kind: "announced", bucket: "announced" },
      { at: "2026-03-02T09:00:00Z", watch: "w-sales", event: "E1", kind: "presale-scheduled", bucket: "presale:Fan Presale@2026-03-04T10:00:00Z" },
      { at: "2026-03-02T09:00:00Z", watch: "w-sales", event: "E1", kind: "sale-scheduled", bucket: "public@2026-03-06T10:00:00Z" },
      { at: "2026-03-02T09:00:00Z", watch: "w-sales", event: "E1", kind: "price-appeared", bucket: "GBP:4500" },
    ],
  },
  {
    name: "presale and public sale: scheduled, reminders, open",
    proves:
      "A 1900-placeholder (null) on-sale date alerts nothing at baseline and `sale-scheduled` when the real date " +
      "appears; presale reminders fire at 24 h, 1 h and 10 min as the clock crosses them — from polls and from " +
      "bare clock ticks alike; the presale opening and the public on-sale each alert once; a late check that " +
      "crossed both the 1 h and 10 min marks sends only the 10 min reminder.",
    watches: [makeWatch("w-life", { stages: ["sale-scheduled", "sale-reminder", "on-sale"] })],
    steps: [
      { at: "2026-03-01T09:00:00Z", events: [saleEvent], baseline: true },
      { at: "2026-03-02T09:00:00Z", events: [saleScheduled] },
      { at: "2026-03-03T10:05:00Z", tick: true },
      { at: "2026-03-04T09:00:00Z", events: [saleScheduled] },
      { at: "2026-03-04T09:55:00Z", tick: true },
      { at: "2026-03-04T10:01:00Z", events: [saleScheduled] },
      { at: "2026-03-05T10:30:00Z", events: [saleScheduled] },
      { at: "2026-03-06T09:59:00Z", events: [saleScheduled] },
      { at: "2026-03-06T10:02:00Z", events: [{ ...saleScheduled, status: "onsale" }] },
    ],
    expected: [
      { at: "2026-03-02T09:00:00Z", watch: "w-life", event: "E2", kind: "presale-scheduled", bucket: "presale:Fan Presale@2026-03-04T10:00:00Z" },
      { at: "2026-03-02T09:00:00Z", watch: "w-life", event: "E2", kind: "sale-scheduled", bucket: "public@2026-03-06T10:00:00Z" },
      { at: "2026-03-03T10:05:00Z", watch: "w-life", event: "E2", kind: "sale-reminder", bucket: "presale:Fan Presale@2026-03-04T10:00:00Z:24h" },
      { at: "2026-03-04T09:00:00Z", watch: "w-life", event: "E2", kind: "sale-reminder", bucket: "presale:Fan Presale@2026-03-04T10:00:00Z:1h" },
      { at: "2026-03-04T09:55:00Z", watch: "w-life", event: "E2", kind: "sale-reminder", bucket: "presale:Fan Presale@2026-03-04T10:00:00Z:10m" },
      { at: "2026-03-04T10:01:00Z", watch: "w-life", event: "E2", kind: "presale-open", bucket: "presale:Fan Presale@2026-03-04T10:00:00Z" },
      { at: "2026-03-05T10:30:00Z", watch: "w-life", event: "E2", kind: "sale-reminder", bucket: "public@2026-03-06T10:00:00Z:24h" },
      { at: "2026-03-06T09:59:00Z", watch: "w-life", event: "E2", kind: "sale-reminder", bucket: "public@2026-03-06T10:00:00Z:10m" },
      { at: "2026-03-06T10:02:00Z", watch: "w-life", event: "E2", kind: "on-sale", bucket: "public@2026-03-06T10:00:00Z" },
    ],
  },
  {
    name: "status journey and an event gone",
    proves:
      "postponed → rescheduled with a new date → back on sale → cancelled each alert once (the reschedule carries " +
      "its new start in the bucket); a cancelled event that then vanishes is not 'gone' news; a future event that " +
      "vanishes is `event-gone`; a past event dropping out of the listing is nothing.",
    watches: [makeWatch("w-status", { stages: ["status"] })],
    steps: [
      { at: "2026-04-01T12:00:00Z", events: [statusEvent, secondNight, pastShow], baseline: true },
      { at: "2026-04-02T12:00:00Z", events: [{ ...statusEvent, status: "postponed" }, secondNight, pastShow] },
      {
        at: "2026-04-10T12:00:00Z",
        events: [{ ...statusEvent, status: "rescheduled", start: newDate, initialStartDate: "2026-06-12" }, secondNight, pastShow],
      },
      { at: "2026-04-11T12:00:00Z", events: [{ ...statusEvent, status: "onsale", start: newDate, initialStartDate: "2026-06-12" }, secondNight, pastShow] },
      { at: "2026-05-01T12:00:00Z", events: [{ ...statusEvent, status: "cancelled", start: newDate }, secondNight, pastShow] },
      { at: "2026-05-03T12:00:00Z", events: [] },
    ],
    expected: [
      { at: "2026-04-02T12:00:00Z", watch: "w-status", event: "E3", kind: "status-changed", bucket: "postponed" },
      { at: "2026-04-10T12:00:00Z", watch: "w-status", event: "E3", kind: "status-changed", bucket: "rescheduled@2026-09-18T18:30:00Z" },
      { at: "2026-04-11T12:00:00Z", watch: "w-status", event: "E3", kind: "status-changed", bucket: "onsale" },
      { at: "2026-05-01T12:00:00Z", watch: "w-status", event: "E3", kind: "status-changed", bucket: "cancelled" },
      { at: "2026-05-03T12:00:00Z", watch: "w-status", event: "E4", kind: "event-gone", bucket: "gone" },
    ],
  },
  {
    name: "status flapping is damped",
    proves:
      "onsale → offsale → onsale → offsale → onsale within two hours sends one `offsale` and one `on-sale`; the " +
      "repeats are dropped by anti-flap even though the watch re-arms after 1 h; a day later the same status " +
      "alerts again under a new idempotency generation.",
    watches: [makeWatch("w-flap", { stages: ["status", "on-sale"], rearm: { mode: "rearm-after", hours: 1 } })],
    steps: [
      { at: "2026-03-06T12:00:00Z", events: [makeEvent("E12")], baseline: true },
      { at: "2026-03-07T10:00:00Z", events: [makeEvent("E12", { status: "offsale" })] },
      { at: "2026-03-07T10:30:00Z", events: [makeEvent("E12")] },
      { at: "2026-03-07T11:15:00Z", events: [makeEvent("E12", { status: "offsale" })] },
      { at: "2026-03-07T11:45:00Z", events: [makeEvent("E12")] },
      { at: "2026-03-08T10:00:00Z", events: [makeEvent("E12", { status: "offsale" })] },
    ],
    expected: [
      { at: "2026-03-07T10:00:00Z", watch: "w-flap", event: "E12", kind: "status-changed", bucket: "offsale" },
      { at: "2026-03-07T10:30:00Z", watch: "w-flap", event: "E12", kind: "on-sale", bucket: "public@2026-03-06T10:00:00Z" },
      { at: "2026-03-08T10:00:00Z", watch: "w-flap", event: "E12", kind: "status-changed", bucket: "offsale" },
    ],
  },
];
