/** Errors a use case raises on purpose; the API layers map `code` to tRPC codes and HTTP statuses. */
export type ServiceErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "TOO_MANY_REQUESTS";

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const notFound = (what: string) => new ServiceError("NOT_FOUND", `${what} not found`);
