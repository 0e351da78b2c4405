import { z, type ZodError } from "zod";
import { ServiceError, type FieldIssue, type ServiceErrorCode } from "@/server/services/errors";

/** Every error the REST API answers with, and its HTTP status. */
export const REST_ERRORS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
} as const;
export type RestErrorCode = keyof typeof REST_ERRORS;

const SERVICE_CODES: Record<ServiceErrorCode, RestErrorCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

/** The one error shape: `{ "error": { "code", "message", "issues"? } }`. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(REST_ERRORS) as [RestErrorCode, ...RestErrorCode[]]),
      message: z.string(),
      issues: z
        .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
        .optional()
        .describe("For invalid input: each problem with the path of the field it concerns"),
    }),
  })
  .meta({ id: "Error" });

export class RestError extends Error {
  constructor(
    readonly code: RestErrorCode,
    message: string,
    readonly options: { issues?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "RestError";
  }

  get status(): number {
    return REST_ERRORS[this.code];
  }
}

export function toFieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)), message: issue.message }));
}

/** Invalid input, leading with the first field's own message (as the tRPC layer does). */
export function invalidInput(error: ZodError, where: "body" | "query"): RestError {
  const issues = toFieldIssues(error);
  const first = issues[0];
  const field = first?.path.length ? `${first.path.join(".")}: ` : "";
  return new RestError("BAD_REQUEST", first ? `${field}${first.message}` : `Invalid ${where}`, { issues });
}

/** A use case's deliberate error in REST terms; anything else is not ours to explain (null). */
export function fromServiceError(error: unknown): RestError | null {
  if (error instanceof RestError) return error;
  if (error instanceof ServiceError) return new RestError(SERVICE_CODES[error.code], error.message, { issues: error.issues });
  return null;
}

export function errorResponse(error: RestError, headers: Record<string, string> = {}): Response {
  const body = { error: { code: error.code, message: error.message, ...(error.options.issues?.length ? { issues: error.options.issues } : {}) } };
  return Response.json(body, { status: error.status, headers: { "Cache-Control": "no-store", ...headers, ...error.options.headers } });
}
