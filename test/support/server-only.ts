// Vitest stand-in for the `server-only` marker package (it throws outside a React server build).
export {};
