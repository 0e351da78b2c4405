import type { z } from "zod";
import type { Db } from "@/db";
import type { SessionCache } from "@/server/auth/session-cache";
import type { CircuitSnapshot } from "@/server/providers/http";
import type { AuthenticatedToken } from "@/server/services/tokens";
import type { TokenRateLimiter } from "./rate-limit";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** public: no token; read: any token; write: a read-write token; admin: a token of an admin account. */
export type RouteAccess = "public" | "read" | "write" | "admin";

/** What the REST API runs on; app/api/v1 wires the process's own, tests their own. */
export interface RestDeps {
  db: Db;
  /** The event source in use, for the quota report and what event pages can tell. */
  source: { keyLabel: string; dataSource: string; hasSectionData: boolean; readCircuit(): CircuitSnapshot };
  rateLimiter: TokenRateLimiter;
  /** Remembers who a token is for a few seconds (server/auth/session-cache.ts: the revocation bound); off when absent. */
  tokenCache?: SessionCache<AuthenticatedToken>;
  now?: () => Date;
  /** Unexpected failures (answered 500); the message a client sees says nothing more. */
  logError?: (error: unknown, request: { method: string; path: string; requestId: string | null }) => void;
}

export interface RouteInput<Caller, Params, Query, Body> {
  deps: RestDeps;
  caller: Caller;
  params: Params;
  query: Query;
  body: Body;
  now: Date;
}

export interface ResponseDoc {
  description: string;
  schema: z.ZodType;
}

/** One endpoint: the table in routes.ts is the single list the handler, the OpenAPI document and tests read. */
export interface RestRoute {
  method: HttpMethod;
  /** OpenAPI-style template, e.g. `/api/v1/watches/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: RouteAccess;
  /** What a path id names: a malformed id is answered like an unknown one, `<resource> not found`. */
  resource?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: ResponseDoc & { status: 200 | 201 };
  /** Other non-error answers (health's 503). */
  otherResponses?: Record<number, ResponseDoc>;
  /** Returns the success body, or a whole Response for anything else. */
  handle(input: RouteInput<AuthenticatedToken | null, unknown, unknown, unknown>): Promise<unknown>;
}
