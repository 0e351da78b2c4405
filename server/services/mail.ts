import type { Db } from "@/db";
import { insertDevMail, listDevMails } from "@/db/queries/mail";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** The email port; the notifications layer supplies vendor adapters, the embedded default the dev mailbox. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** Keeps every email in the development mailbox and prints it, so links work with no email provider. */
export function createDevMailbox(db: Db, log: (line: string) => void = console.log): EmailSender {
  return {
    async send(message) {
      await insertDevMail(db, message);
      log(`[dev-mailbox] to ${message.to}: ${message.subject}\n${message.text}`);
    },
  };
}

export function listDevMailbox(db: Db, limit = 50) {
  return listDevMails(db, { limit });
}
