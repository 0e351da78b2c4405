/** The OpenAPI 3.1 document, generated from the route table and the zod schemas it names. */
import { z } from "zod";
import { MAX_BODY_BYTES } from "./body";
import { errorBody, REST_ERRORS, type RestErrorCode } from "./errors";
import { API_TOKEN_RATE_LIMIT } from "./rate-limit";
import type { RestRoute } from "./types";

type JsonObject = Record<string, unknown>;

const ERROR_RESPONSES: Partial<Record<RestErrorCode, { name: string; description: string }>> = {
  BAD_REQUEST: { name: "BadRequest", description: "Invalid input: `issues` lists each field (by path) and what is wrong with it" },
  UNAUTHORIZED: { name: "Unauthorized", description: "No token, or the token is not valid (revoked, or the account disabled)" },
  FORBIDDEN: { name: "Forbidden", description: "The token is read-only, the account is not an admin, or the plan's limit is reached" },
  NOT_FOUND: { name: "NotFound", description: "No such resource among yours (another fan's resources are answered the same way)" },
  PAYLOAD_TOO_LARGE: { name: "PayloadTooLarge", description: `The body is larger than ${MAX_BODY_BYTES / 1024} KB` },
  UNSUPPORTED_MEDIA_TYPE: { name: "UnsupportedMediaType", description: "The body is not declared as JSON" },
  TOO_MANY_REQUESTS: { name: "TooManyRequests", description: "The token's rate limit is reached; retry after `Retry-After` seconds" },
  INTERNAL_SERVER_ERROR: { name: "InternalError", description: "Something failed on our side" },
};

/** zod's JSON Schema for one schema, its named parts moved to `components.schemas`. */
function createConverter(components: JsonObject) {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== "object") return value;
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = key === "$ref" && typeof item === "string" ? item.replace(/^#\/\$defs\//, "#/components/schemas/") : rewrite(item);
    }
    return out;
  };
  return (schema: z.ZodType, io: "input" | "output"): JsonObject => {
    const json = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
      // Dates arrive and leave as ISO-8601 strings.
      override: (ctx) => {
        if (ctx.zodSchema._zod.def.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
      },
    }) as JsonObject;
    const { $schema: _schema, $defs, ...rest } = json;
    for (const [id, definition] of Object.entries(($defs ?? {}) as JsonObject)) components[id] ??= rewrite(definition);
    const id = schema.meta()?.id;
    if (typeof id === "string") {
      components[id] ??= rewrite(rest);
      return { $ref: `#/components/schemas/${id}` };
    }
    return rewrite(rest) as JsonObject;
  };
}

function errorStatuses(route: RestRoute): RestErrorCode[] {
  const codes: RestErrorCode[] = [];
  if (route.query || route.body) codes.push("BAD_REQUEST");
  if (route.access !== "public") codes.push("UNAUTHORIZED");
  if (route.access === "write" || route.access === "admin") codes.push("FORBIDDEN");
  if (route.resource || (route.query && "watchId" in route.query.shape)) codes.push("NOT_FOUND");
  if (route.body) codes.push("PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE");
  if (route.access !== "public") codes.push("TOO_MANY_REQUESTS");
  codes.push("INTERNAL_SERVER_ERROR");
  return codes;
}

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query", convert: ReturnType<typeof createConverter>) {
  if (!schema) return [];
  const json = convert(schema, "input") as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return { name, in: where, required: where === "path" || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: propertySchema };
  });
}

export function buildOpenApiDocument(routes: RestRoute[]) {
  const schemas: JsonObject = {};
  const convert = createConverter(schemas);
  const errorSchema = convert(errorBody, "output");
  const responses: JsonObject = {};
  for (const [code, doc] of Object.entries(ERROR_RESPONSES) as [RestErrorCode, { name: string; description: string }][]) {
    const headers =
      code === "TOO_MANY_REQUESTS"
        ? { "Retry-After": { description: "Seconds until the limit resets", schema: { type: "integer", minimum: 1 } } }
        : code === "UNAUTHORIZED"
          ? { "WWW-Authenticate": { description: "The Bearer challenge", schema: { type: "string" } } }
          : undefined;
    responses[doc.name] = { description: doc.description, ...(headers ? { headers } : {}), content: { "application/json": { schema: errorSchema } } };
  }

  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const operationResponses: JsonObject = {
      [String(route.response.status)]: { description: route.response.description, content: { "application/json": { schema: convert(route.response.schema, "output") } } },
    };
    for (const [status, doc] of Object.entries(route.otherResponses ?? {})) {
      operationResponses[status] = { description: doc.description, content: { "application/json": { schema: convert(doc.schema, "output") } } };
    }
    for (const code of errorStatuses(route)) operationResponses[String(REST_ERRORS[code])] = { $ref: `#/components/responses/${ERROR_RESPONSES[code]!.name}` };
    const parameters = [...parametersOf(route.params, "path", convert), ...parametersOf(route.query, "query", convert)];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: route.access === "public" ? [] : [{ bearerToken: [] }],
      ...(route.access !== "public" ? { "x-token-access": route.access } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: convert(route.body, "input") } } } } : {}),
      responses: operationResponses,
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Seatwatch API",
      version: "1.0.0",
      description: [
        "Your watches, alerts and the event catalogue, for your own scripts and apps.",
        "Authenticate with a personal API token (Settings → API tokens): `Authorization: Bearer sw_…`. Read-only tokens can call every GET; writes need a read-write token.",
        `Errors are JSON \`{ "error": { "code", "message", "issues"? } }\`. Bodies are JSON, at most ${MAX_BODY_BYTES / 1024} KB.`,
        `Each token may make ${API_TOKEN_RATE_LIMIT.limit} requests per ${API_TOKEN_RATE_LIMIT.windowMs / 1000} s; RateLimit-* headers say where you stand, and a 429 carries Retry-After.`,
      ].join("\n\n"),
    },
    servers: [{ url: "/" }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    security: [{ bearerToken: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", bearerFormat: "sw_<43 characters>", description: "A personal API token from Settings → API tokens, or `npm run token:create`" },
      },
      schemas,
      responses,
    },
  };
}
