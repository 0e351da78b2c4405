/**
 * Transactional account emails (verification, password reset, email change) in the Seatwatch frame, with a
 * text part. Same inputs and output shape as the plain ones in server/auth/emails.ts, which they replace.
 */
import { render } from "@react-email/render";
import { createElement } from "react";
import { AccountEmail, type AccountEmailProps } from "./templates/account-email";

export interface AccountEmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

async function renderAccountEmail(to: string, subject: string, props: AccountEmailProps): Promise<AccountEmailMessage> {
  const html = await render(createElement(AccountEmail, props));
  const text = [props.heading, "", ...props.paragraphs.flatMap((p) => [p, ""]), `${props.actionLabel}: ${props.actionUrl}`, "", props.footnote].join("\n");
  return { to, subject, html, text };
}

export function renderVerifyEmail(to: string, url: string): Promise<AccountEmailMessage> {
  return renderAccountEmail(to, "Confirm your email for Seatwatch", {
    heading: "Confirm your email",
    paragraphs: ["Confirm this email address for your Seatwatch account. The link works for 24 hours."],
    actionLabel: "Confirm my email",
    actionUrl: url,
    footnote: "If you did not sign up for Seatwatch, ignore this email.",
  });
}

export function renderResetEmail(to: string, url: string): Promise<AccountEmailMessage> {
  return renderAccountEmail(to, "Reset your Seatwatch password", {
    heading: "Reset your password",
    paragraphs: ["Someone asked to reset the password of your Seatwatch account. The link works for one hour."],
    actionLabel: "Choose a new password",
    actionUrl: url,
    footnote: "If it was not you, ignore this email: your password stays as it is.",
  });
}

export function renderChangeEmail(to: string, newEmail: string, url: string): Promise<AccountEmailMessage> {
  return renderAccountEmail(to, "Approve your new Seatwatch email address", {
    heading: "Approve your new email address",
    paragraphs: [
      `You asked to change the email of your Seatwatch account to ${newEmail}.`,
      "After you approve, we send a confirmation link to the new address.",
    ],
    actionLabel: "Approve the change",
    actionUrl: url,
    footnote: "If it was not you, ignore this email and change your password.",
  });
}
