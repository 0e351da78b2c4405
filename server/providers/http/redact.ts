/**
 * Secrets travel in query strings (Ticketmaster `apikey`, SeatGeek `client_id`/`client_secret`), and
 * Ticketmaster's quota 429 body echoes the key (providers.md 1.9). Anything that may reach a log, an error
 * message or the call ledger goes through these helpers first.
 */

/** Query parameters whose values are credentials. */
export const SECRET_PARAM_NAMES = ["apikey", "api_key", "api-key", "client_id", "client_secret", "access_token"] as const;

const REDACTED = "[redacted]";
const NAMES = SECRET_PARAM_NAMES.map((n) => n.replace(/[-_]/g, "[-_]")).join("|");
const QUERY_PARAM = new RegExp(`((?:^|[?&;\\s"'])(?:${NAMES})=)[^&#\\s"'<>]*`, "gi");
const JSON_FIELD = new RegExp(`("(?:${NAMES})"\\s*:\\s*")[^"]*`, "gi");
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

/**
 * Removes credentials from any text: secret query parameters, JSON fields named like them, `user:pass@` in
 * URLs, and every occurrence of the given known secret values (catches echoes such as "Identifier : KEY").
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short values would redact ordinary words; real keys are long.
    if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(QUERY_PARAM, `$1${REDACTED}`)
    .replace(JSON_FIELD, `$1${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/** Path and query of `url` with secret parameters dropped entirely (for `CallRecord.endpoint`). */
export function describeEndpoint(url: string | URL): string {
  const parsed = new URL(url.toString(), "http://placeholder.invalid");
  const secretNames = new Set<string>(SECRET_PARAM_NAMES);
  for (const name of [...parsed.searchParams.keys()]) {
    if (secretNames.has(name.toLowerCase())) parsed.searchParams.delete(name);
  }
  const query = parsed.searchParams.toString();
  return query ? `${parsed.pathname}?${query}` : parsed.pathname;
}
