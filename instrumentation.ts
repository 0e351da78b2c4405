export async function register() {
  // Jobs, migrations and the database live in the Node.js server only, never in the edge runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootServer } = await import("./server/boot");
  await bootServer();
}
