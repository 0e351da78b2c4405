/**
 * How long-running server code (job runner, delivery, live feed, dev outbox) logs: through the process's pino
 * logger as `{ component, ...fields }` with a level, so every line is structured and redacted (log.ts). Tests
 * and callers that want the old plain lines (to silence or capture them) hand in a line function instead.
 */
import { log as processLog, type Logger } from "./log";

/** A plain-line sink: gets `[component] message`, without the fields. */
export type LineLog = (line: string) => void;

export type LogFields = Record<string, unknown>;

export interface ComponentLog {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The log of one component: `lines` when given, else `logger` (the process logger) with `{ component }`. */
export function createComponentLog(component: string, lines?: LineLog, logger: Logger = processLog): ComponentLog {
  if (lines) {
    const write = (message: string) => lines(`[${component}] ${message}`);
    return { info: write, warn: write, error: write };
  }
  const child = logger.child({ component });
  return {
    info: (message, fields = {}) => child.info(fields, message),
    warn: (message, fields = {}) => child.warn(fields, message),
    error: (message, fields = {}) => child.error(fields, message),
  };
}

/** An error as one line of text for a log message (the logger scrubs it further). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
