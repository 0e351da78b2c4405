import { DEFAULT_STAGES, type WatchInput } from "@/server/api/schemas";

/** A new watch's starting values. Not in watch-form.tsx: a "use client" module's exports reach server components only as client references. */
export const NEW_WATCH_DEFAULTS: WatchInput = {
  name: "",
  attractions: [],
  venues: [],
  keyword: null,
  stages: DEFAULT_STAGES,
  channels: ["in-app", "email"],
  deliveryMode: "instant",
  firstRun: "changes",
  rearm: { mode: "once" },
  weekdays: [],
  sections: [],
  isNewLowOnly: false,
};
