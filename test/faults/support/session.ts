/**
 * A fan's browser session over plain HTTP against a running web process: sign in through Better Auth, then
 * call tRPC procedures the way the app's client does (superjson envelopes, GET for queries, POST for
 * mutations), so fault tests exercise the real request path.
 */
export interface Session {
  url: string;
  cookie: string;
}

export const DEMO_FAN = { email: "demo@seatwatch.local", password: "seatwatch-demo" } as const;

export async function signIn(url: string, account: { email: string; password: string } = DEMO_FAN): Promise<Session> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify(account),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${text.slice(0, 300)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .join("; ");
  return { url, cookie };
}

export class TrpcError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`tRPC answered ${status}: ${body.slice(0, 300)}`);
  }
}

async function readResult<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (response.status !== 200) throw new TrpcError(response.status, text);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

export async function query<T>(session: Session, path: string, input?: unknown, signal?: AbortSignal): Promise<T> {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return readResult<T>(await fetch(`${session.url}/api/trpc/${path}${search}`, { headers: { cookie: session.cookie }, signal }));
}

export async function mutate<T>(session: Session, path: string, input: unknown): Promise<T> {
  return readResult<T>(
    await fetch(`${session.url}/api/trpc/${path}`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/json", origin: session.url },
      body: JSON.stringify({ json: input }),
    }),
  );
}

/** Polls `probe` until it returns something truthy; the error names what never happened. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, everyMs = 200, explain?: () => string | Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain ? `\n${await explain()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
