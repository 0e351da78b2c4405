/**
 * Points the process logger (server/lib/log.ts, with its production configuration and redaction) at lines a
 * test can read back, instead of stdout. Import it before the code under test creates its child loggers.
 */
import pino from "pino";
import { log } from "@/server/lib/log";

export const capturedLines: string[] = [];

(log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = { write: (line: string) => void capturedLines.push(line) };

export function capturedRecords(): Record<string, unknown>[] {
  return capturedLines.map((line) => JSON.parse(line) as Record<string, unknown>);
}
