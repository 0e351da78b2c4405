export * from "./auth";
export * from "./jobs";
export * from "./mail";
export * from "./watches";
