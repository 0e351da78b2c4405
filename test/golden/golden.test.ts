/**
 * Drives the differ and the matcher through each golden timeline the way the real system does — snapshot
 * per event, last-checked time per event, alert history kept between steps — and checks that every
 * expected alert appears exactly once and nothing else does. Each step is also retried before and after its
 * alerts are recorded, as a crashed or parallel worker would: no second alert may come of it.
 */
import { describe, expect, it } from "vitest";
import { createAlertHistory, formatEventKey, recordDecisions } from "@/server/engine/alert-history";
import { diffEvent, dueReminders } from "@/server/engine/differ";
import { matchChanges } from "@/server/engine/matcher";
import type { ChangeKind, EventChange, RearmRule } from "@/server/engine/types";
import type { Event } from "@/server/providers/types";
import type { ExpectedAlert, Scenario } from "./scenario";
import { conditionScenarios } from "./scenarios/conditions";
import { lifecycleScenarios } from "./scenarios/lifecycle";
import { pricingScenarios } from "./scenarios/pricing";

const scenarios: Scenario[] = [...lifecycleScenarios, ...pricingScenarios, ...conditionScenarios];

interface RunResult {
  alerts: ExpectedAlert[];
  changeKinds: Set<ChangeKind>;
}

function runScenario(scenario: Scenario): RunResult {
  const history = createAlertHistory();
  const known = new Map<string, { event: Event; checkedAt: Date }>();
  const issued = new Set<string>();
  const alerts: ExpectedAlert[] = [];
  const changeKinds = new Set<ChangeKind>();

  for (const step of scenario.steps) {
    const now = new Date(step.at);
    const changes: EventChange[] = [];
    if (step.tick) {
      for (const entry of known.values()) {
        for (const change of dueReminders(entry.event, entry.checkedAt, now)) changes.push({ change, event: entry.event });
        entry.checkedAt = now;
      }
    } else {
      const current = new Map((step.events ?? []).map((e) => [formatEventKey(e.provider, e.id), e]));
      for (const key of new Set([...known.keys(), ...current.keys()])) {
        const previous = known.get(key);
        const event = current.get(key) ?? null;
        const context = { now, lastCheckedAt: previous?.checkedAt ?? null, isBaseline: step.baseline };
        for (const change of diffEvent(previous?.event ?? null, event, context)) changes.push({ change, event: event ?? previous!.event });
        if (event) known.set(key, { event, checkedAt: now });
        else known.delete(key);
      }
    }
    for (const { change } of changes) changeKinds.add(change.kind);

    const input = { changes, watches: scenario.watches, history, now };
    const decisions = matchChanges(input);
    // A worker retrying the same step before the alerts were stored decides the very same keys.
    expect(matchChanges(input).map((d) => d.idempotencyKey)).toEqual(decisions.map((d) => d.idempotencyKey));
    for (const d of decisions) {
      expect(issued.has(d.idempotencyKey), `duplicate key ${d.idempotencyKey}`).toBe(false);
      issued.add(d.idempotencyKey);
    }
    recordDecisions(history, decisions);
    // The same changes delivered again after the alerts were stored decide nothing.
    expect(matchChanges(input)).toEqual([]);

    for (const d of decisions) {
      alerts.push({ at: step.at, watch: d.watchId, event: d.eventId, kind: d.kind, bucket: d.bucket, unchecked: d.uncheckedCriteria });
    }
  }
  return { alerts, changeKinds };
}

function normalize(alerts: readonly ExpectedAlert[]): ExpectedAlert[] {
  const keyOf = (a: ExpectedAlert) => [a.at, a.watch, a.event, a.kind, a.bucket].join("|");
  return alerts.map((a) => ({ ...a, unchecked: a.unchecked ?? [] })).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

describe("golden scenarios", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
    const { alerts } = runScenario(scenario);
    expect(normalize(alerts)).toEqual(normalize(scenario.expected));
  });

  it("covers every change kind, every alerting kind and every re-arm rule", () => {
    const seen = new Set<ChangeKind>();
    const alerted = new Set<ChangeKind>();
    for (const scenario of scenarios) {
      for (const kind of runScenario(scenario).changeKinds) seen.add(kind);
      for (const alert of scenario.expected) alerted.add(alert.kind);
    }
    const allKinds: ChangeKind[] = [
      "announced",
      "presale-scheduled",
      "presale-open",
      "sale-scheduled",
      "sale-reminder",
      "on-sale",
      "price-appeared",
      "price-dropped",
      "price-changed",
      "status-changed",
      "event-gone",
      "sections-available",
    ];
    expect([...seen].sort()).toEqual([...allKinds].sort());
    // price-changed (a rise) is recorded but is not news a fan asked for.
    expect([...alerted].sort()).toEqual(allKinds.filter((k) => k !== "price-changed").sort());
    const rules = new Set<RearmRule["mode"]>(scenarios.flatMap((s) => s.watches.map((w) => w.rearm.mode)));
    expect([...rules].sort()).toEqual(["cooldown", "new-low", "once", "rearm-after"]);
  });
});
