import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenRateLimiter } from "@/server/rest/rate-limit";
import { restRoutes } from "@/server/rest/routes";
import { startRestServer, type RestServer } from "../support/rest-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string; properties?: Record<string, unknown> } }> };
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, { properties?: Record<string, unknown> }>; responses: Record<string, unknown> };
};

let database: TestDatabase;
let server: RestServer;
let document: Document;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startRestServer({
    db: database.db,
    source: { keyLabel: "tm:test", dataSource: "sandbox", hasSectionData: false, readCircuit: () => ({ state: "closed", consecutiveFailures: 0, openedAt: null, retryAt: null }) },
    rateLimiter: createTokenRateLimiter(database.db),
  });
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  document = (await response.json()) as Document;
});
afterAll(async () => {
  await server?.close();
  await database?.destroy();
});

function collectRefs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, into));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") into.push(item);
      else collectRefs(item, into);
    }
  }
  return into;
}

describe("OpenAPI document at /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document whose references all resolve", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    for (const ref of new Set(collectRefs(document))) {
      const target = ref.replace(/^#\//, "").split("/").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect(target, ref).toBeDefined();
    }
  });

  it("lists every route of the route table, and nothing else", () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const table = restRoutes.map((route) => `${route.method} ${route.path}`);
    expect(documented.sort()).toEqual(table.sort());
    expect(new Set(table).size).toBe(table.length);
    expect(table).toEqual(
      expect.arrayContaining([
        "GET /api/v1/watches", "POST /api/v1/watches", "GET /api/v1/watches/{id}", "PATCH /api/v1/watches/{id}", "DELETE /api/v1/watches/{id}",
        "GET /api/v1/alerts", "GET /api/v1/events", "GET /api/v1/events/{id}", "GET /api/v1/quota", "GET /api/v1/health", "GET /api/v1/openapi.json",
      ]),
    );
  });

  it("declares the bearer scheme, the error shape, and for each route its auth, inputs and error answers", () => {
    expect(document.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(document.components.schemas.Error?.properties ?? {})).toEqual(["error"]);
    for (const route of restRoutes) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      const label = `${route.method} ${route.path}`;
      expect(operation.operationId, label).toBe(route.operationId);
      expect(Object.keys(operation.responses), label).toContain(String(route.response.status));
      if (route.access === "public") {
        expect(operation.security, label).toEqual([]);
      } else {
        expect(operation.security, label).toEqual([{ bearerToken: [] }]);
        expect(Object.keys(operation.responses), label).toEqual(expect.arrayContaining(["401", "429"]));
      }
      if (route.access === "write" || route.access === "admin") expect(Object.keys(operation.responses), label).toContain("403");
      if (route.body) {
        expect(operation.requestBody?.content["application/json"], label).toBeDefined();
        expect(Object.keys(operation.responses), label).toEqual(expect.arrayContaining(["400", "413", "415"]));
      }
      for (const name of Object.keys(route.params?.shape ?? {})) expect(operation.parameters, label).toContainEqual(expect.objectContaining({ name, in: "path", required: true }));
      for (const name of Object.keys(route.query?.shape ?? {})) expect(operation.parameters, label).toContainEqual(expect.objectContaining({ name, in: "query" }));
    }
    const eventParameters = document.paths["/api/v1/events"]!.get!.parameters!.map((parameter) => parameter.name);
    expect(eventParameters).toEqual(expect.arrayContaining(["q", "from", "to", "maxPrice", "type", "city"]));
    expect(document.paths["/api/v1/alerts"]!.get!.parameters!.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(["since", "watchId"]));
    const createBody = document.paths["/api/v1/watches"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(createBody.properties ?? {})).toEqual(expect.arrayContaining(["name", "attractions", "maxPrice", "currency", "channels"]));
  });
});
