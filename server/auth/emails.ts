import type { EmailMessage } from "@/server/services/mail";

// Plain transactional texts; the notifications layer renders alert emails.
export function renderVerifyEmail(to: string, url: string): EmailMessage {
  return {
    to,
    subject: "Confirm your email for Seatwatch",
    text: `Confirm this email address for your Seatwatch account:\n\n${url}\n\nThe link works for 24 hours. If you did not sign up, ignore this email.`,
    html: `<p>Confirm this email address for your Seatwatch account:</p><p><a href="${url}">Confirm my email</a></p><p>The link works for 24 hours. If you did not sign up, ignore this email.</p>`,
  };
}

export function renderResetEmail(to: string, url: string): EmailMessage {
  return {
    to,
    subject: "Reset your Seatwatch password",
    text: `Someone asked to reset the password of your Seatwatch account. To choose a new one, open:\n\n${url}\n\nThe link works for one hour. If it was not you, ignore this email: your password stays as it is.`,
    html: `<p>Someone asked to reset the password of your Seatwatch account.</p><p><a href="${url}">Choose a new password</a></p><p>The link works for one hour. If it was not you, ignore this email: your password stays as it is.</p>`,
  };
}

export function renderChangeEmail(to: string, newEmail: string, url: string): EmailMessage {
  return {
    to,
    subject: "Approve your new Seatwatch email address",
    text: `You asked to change the email of your Seatwatch account to ${newEmail}. To approve, open:\n\n${url}\n\nWe will then send a confirmation link to the new address. If it was not you, ignore this email and change your password.`,
    html: `<p>You asked to change the email of your Seatwatch account to <strong>${escapeHtml(newEmail)}</strong>.</p><p><a href="${url}">Approve the change</a></p><p>We will then send a confirmation link to the new address. If it was not you, ignore this email and change your password.</p>`,
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
