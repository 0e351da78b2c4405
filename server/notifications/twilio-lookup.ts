/**
 * Reconciliation for SMS. Twilio's Messages API has no idempotency key, so the delivery worker writes a
 * sent-marker before each call; when it finds a marker without a recorded result (a worker died mid-call,
 * or the call timed out), it asks Twilio which messages went to that number since the marker
 * (`GET /2010-04-01/Accounts/{Sid}/Messages.json?To=…`, newest first) before deciding to send again.
 */
import { describeThrown } from "./outcome";

export interface SentSms {
  sid: string;
  to: string;
  body: string;
  createdAt: Date;
}

export interface SmsSentLookup {
  /** Messages to `to` created at or after `since`, newest first; throws when Twilio cannot say. */
  findRecent(query: { to: string; since: Date }): Promise<SentSms[]>;
}

export interface TwilioLookupOptions {
  accountSid: string;
  authToken: string;
  /** For fakes; defaults to https://api.twilio.com. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Pages read at most (50 messages each) before giving up on older ones. */
  maxPages?: number;
}

interface TwilioMessage {
  sid: string;
  to: string;
  body: string;
  date_created: string;
}

/** Twilio's page size for the list (Twilio allows up to 1000; 50 keeps each answer small). */
const PAGE_SIZE = 50;

export function createTwilioSmsLookup(options: TwilioLookupOptions): SmsSentLookup {
  const base = (options.baseUrl ?? "https://api.twilio.com").replace(/\/$/, "");
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  return {
    async findRecent({ to, since }) {
      const found: SentSms[] = [];
      let path: string | null = `/2010-04-01/Accounts/${options.accountSid}/Messages.json?${new URLSearchParams({ To: to, PageSize: String(PAGE_SIZE) })}`;
      for (let page = 0; path && page < (options.maxPages ?? 10); page++) {
        let response: Response;
        try {
          response = await fetch(`${base}${path}`, { headers: { Authorization: authorization }, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
        } catch (error) {
          throw new Error(`Twilio message list failed: ${describeThrown(error)}`);
        }
        if (!response.ok) throw new Error(`Twilio message list answered ${response.status}`);
        const body = (await response.json()) as { messages?: TwilioMessage[]; next_page_uri?: string | null };
        let isOlder = false;
        for (const message of body.messages ?? []) {
          const createdAt = new Date(message.date_created);
          if (createdAt < since) {
            isOlder = true;
            continue;
          }
          found.push({ sid: message.sid, to: message.to, body: message.body, createdAt });
        }
        path = isOlder ? null : (body.next_page_uri ?? null);
      }
      return found;
    },
  };
}
