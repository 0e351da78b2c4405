/**
 * Lets the auth flows (which use the `EmailSender` port of server/services/mail.ts: `send(message)` that
 * throws on failure) send through an email channel. The idempotency key comes from the content, so a
 * double-submitted form within Resend's 24 h window sends one email, while a new link sends a new one.
 */
import { createHash } from "node:crypto";
import type { EmailChannel } from "./ports";

export interface AccountEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    readonly isRetryable: boolean,
  ) {
    super(message);
    this.name = "EmailDeliveryError";
  }
}

export function createAccountEmailSender(channel: EmailChannel): { send(message: AccountEmail): Promise<void> } {
  return {
    async send(message) {
      const idempotencyKey = `account-${createHash("sha256").update(`${message.to}\n${message.subject}\n${message.text}`).digest("hex")}`;
      const outcome = await channel.send({
        idempotencyKey,
        to: message.to,
        email: { subject: message.subject, text: message.text, html: message.html ?? "", headers: {}, tags: [{ name: "kind", value: "account" }] },
      });
      if (outcome.status !== "sent") throw new EmailDeliveryError(outcome.error.message, outcome.status === "retry");
    },
  };
}
