export * from "./auth";
export * from "./engine";
export * from "./events";
export * from "./jobs";
export * from "./mail";
export * from "./notifications";
export * from "./rate-limits";
export * from "./watches";
