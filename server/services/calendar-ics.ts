/**
 * A minimal iCalendar (RFC 5545) writer: enough for a read-only subscription feed. Text is escaped (§3.3.11),
 * lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character (§3.1).
 */

export interface CalendarEntry {
  /** Stable across fetches, so calendar apps update entries instead of duplicating them. */
  uid: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string | null;
  /** A timed entry (UTC instants) or an all-day one (local calendar dates, end exclusive). */
  start: { at: Date } | { date: string };
  end: { at: Date } | { date: string };
  /** When the entry's facts last changed (DTSTAMP); kept stable so an unchanged feed is byte-identical. */
  stamp: Date;
  isCancelled?: boolean;
}

const encoder = new TextEncoder();

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds one content line into 75-octet pieces, continuation lines starting with a space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const pieces: string[] = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    // The first line may hold 75 octets; continuations hold 74 after their leading space.
    const limit = pieces.length === 0 ? 75 : 74;
    if (size + bytes > limit) {
      pieces.push(current);
      current = "";
      size = 0;
    }
    current += char;
    size += bytes;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

function formatInstant(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function formatTime(name: "DTSTART" | "DTEND", value: CalendarEntry["start"]): string {
  return "at" in value ? `${name}:${formatInstant(value.at)}` : `${name};VALUE=DATE:${value.date.replace(/-/g, "")}`;
}

/** The whole VCALENDAR as a string with CRLF line endings. */
export function renderCalendar(options: { name: string; description: string; entries: CalendarEntry[] }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Seatwatch//Watch calendar//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(options.name)}`,
    `X-WR-CALDESC:${escapeText(options.description)}`,
    // Calendar apps poll subscriptions; an hour keeps sale windows fresh without hammering us.
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  for (const entry of options.entries) {
    lines.push("BEGIN:VEVENT", `UID:${escapeText(entry.uid)}`, `DTSTAMP:${formatInstant(entry.stamp)}`, formatTime("DTSTART", entry.start), formatTime("DTEND", entry.end));
    lines.push(`SUMMARY:${escapeText(entry.summary)}`);
    if (entry.description) lines.push(`DESCRIPTION:${escapeText(entry.description)}`);
    if (entry.location) lines.push(`LOCATION:${escapeText(entry.location)}`);
    // URL is a URI value, not TEXT: it is not escaped.
    if (entry.url) lines.push(`URL:${entry.url}`);
    lines.push(`STATUS:${entry.isCancelled ? "CANCELLED" : "CONFIRMED"}`, "TRANSP:TRANSPARENT", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
