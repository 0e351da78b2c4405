/**
 * The sandbox world's public surface: the built-in world, the in-process sandbox, and the small fixture
 * world for tests.
 */
export { buildSandboxWorld, DEFAULT_SANDBOX_SEED } from "./build-world";
export { startSandbox, DEFAULT_SANDBOX_SPEED, SANDBOX_KEY, type Sandbox, type SandboxClock, type SandboxOptions } from "./start-sandbox";
export { TIMELINE_HORIZON_MS } from "./timeline";
export { buildFixtureWorld, FIXTURE_IDS, FIXTURE_START } from "./fixture-world";
export { makeFixtureEvent, FIXTURE_ATTRACTIONS, FIXTURE_VENUES, type FixtureEventInput } from "./fixture-parts";
