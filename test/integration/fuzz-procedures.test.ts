import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { appRouter } from "@/server/api/root";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { callProcedure, createFixture, fingerprintDatabase, PROCEDURES } from "./authz-procedures";

/**
 * Property-based fuzzing of every procedure's input schema through the real handlers (createCaller on the
 * test database): malformed, oversized, unicode, injection-shaped and boundary values, in place of the whole
 * input or of one field of a valid one. Properties: nothing answers with a 5xx-class error; every refused
 * call leaves every table as it was; an input the schema refuses is never accepted. (An input the schema
 * accepts may change the database: a watch named `'; DROP TABLE watches; --` is a fine watch name.)
 *
 * Bounded: RUNS_PER_PROCEDURE × ~35 procedures ≈ 300 calls (FUZZ_RUNS to explore longer); FUZZ_SEED replays a run.
 */

const RUNS_PER_PROCEDURE = Number(process.env.FUZZ_RUNS ?? 9);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Counters written on purpose by refused calls (attempt throttles); everything else must stay put. */
const BOOKKEEPING_TABLES = ["verification_throttles", "rate_limits"];

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  console.log(`[fuzz] seed ${SEED} (set FUZZ_SEED=${SEED} to replay)`);
});
afterAll(async () => database?.destroy());

const injectionStrings = [
  "'; DROP TABLE watches; --",
  "' OR '1'='1",
  "\"; SELECT pg_sleep(5); --",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "${7*7}{{7*7}}#{7*7}",
  "../../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=1",
  "\u0000",
  "nul\u0000byte",
  "\uD800",
  "\u202Eevil\u202C",
  "Z\u0351\u0360\u0345a\u0350l\u0346g\u0352o",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "   ",
  "",
  "__proto__",
  "constructor",
  "9".repeat(400),
  "+447700900123",
  "2026-02-30",
  "0000-00-00T00:00:00Z",
  "NaN",
  "-0",
  "1e309",
];

const boundaryNumbers = [0, -0, -1, 1, 0.5, -1e-9, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

const hostileString = fc.oneof(
  fc.constantFrom(...injectionStrings),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(100, 5_000, 100_000).map((length) => "x".repeat(length)),
);

const hostileScalar = fc.oneof(
  hostileString,
  fc.constantFrom(...boundaryNumbers),
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, undefined, true, false),
  fc.constant(new Date(Number.NaN)),
  fc.constant(new Date("9999-12-31T23:59:59Z")),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...injectionStrings) },
  { weight: 3, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, Array.from({ length: 1_000 }, (_, i) => i), JSON.parse('{"__proto__": {"polluted": true}}')) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

type Path = (string | number)[];

/** Every path into a value (objects and arrays), the empty path being the whole input. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths = [prefix];
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return paths;
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], value);
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

/** A valid input with one field (or the whole, or a new key) replaced by something hostile. */
function hostileInputs(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const intoField = fc.tuple(fc.nat({ max: paths.length - 1 }), hostileValue).map(([index, value]) => replaceAt(valid, paths[index]!, value));
  const extraKey = fc.tuple(hostileString, hostileValue).map(([key, value]) => (valid && typeof valid === "object" && !Array.isArray(valid) ? { ...valid, [key]: value } : value));
  return fc.oneof({ weight: 5, arbitrary: intoField }, { weight: 1, arbitrary: extraKey }, { weight: 1, arbitrary: hostileValue });
}

/** The values most likely to get past a schema and trip the database, tried in every string and number field. */
const CRITICAL_STRINGS = ["nul\u0000byte", "\uD800", "low\uDC00", "x".repeat(100_000), "'; DROP TABLE watches; --"];
const CRITICAL_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, -1, 1e308];

/** Deterministic cases run before the random ones: each critical value in each field, and a few whole inputs. */
function criticalInputs(valid: unknown): unknown[] {
  const cases: unknown[] = [null, "", [], 0];
  for (const path of pathsOf(valid)) {
    const current = valueAt(valid, path);
    if (typeof current === "string") for (const value of CRITICAL_STRINGS) cases.push(replaceAt(valid, path, value));
    if (typeof current === "number") for (const value of CRITICAL_NUMBERS) cases.push(replaceAt(valid, path, value));
  }
  return cases;
}

function inputSchemaOf(name: string): z.ZodType | null {
  const procedure = (appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>)[name]!;
  return procedure._def.inputs[0] ?? null;
}

const withInput = Object.keys(appRouter._def.procedures).filter((name) => inputSchemaOf(name) !== null).sort();

describe("fuzzing every procedure input", () => {
  it("covers at least the procedures of the authorization table that take input", () => {
    expect(withInput.length).toBeGreaterThan(25);
    for (const name of withInput) expect(PROCEDURES[name], `${name} has no row in authz-procedures.ts`).toBeDefined();
  });

  it("refuses text PostgreSQL cannot store as bad input naming the field, before any query", async () => {
    const fixture = await createFixture(database);
    const api = callerFor(database, fixture.owner);
    for (const [input, path] of [
      [{ name: "nul\u0000", keyword: "abc" }, ["name"]],
      [{ name: "ok", attractions: [{ id: "\uD800", name: "x" }] }, ["attractions", 0, "id"]],
    ] as const) {
      const error = await api.watches.create(input as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(/NUL character or broken Unicode/);
      expect(((error as TRPCError).cause as { issues?: { path: unknown }[] }).issues?.[0]?.path).toEqual(path);
    }
    expect((await api.watches.list()).map((watch) => watch.id)).toEqual([fixture.watchId]);
  });

  it.each(withInput)("%s: hostile input never gets a 5xx and a refused one changes nothing", async (name) => {
    const spec = PROCEDURES[name]!;
    const schema = inputSchemaOf(name)!;
    const fixture = await createFixture(database);
    // Whoever the table lets in, so the input reaches the handler rather than stopping at the door.
    const user = spec.expect.fan === "ok" ? fixture.owner : fixture.admin;
    const caller = callerFor(database, user, { notifications: fixture.notifications });
    const valid = spec.input?.(fixture) ?? {};
    let baseline = await fingerprintDatabase(database, { ignore: BOOKKEEPING_TABLES });

    await fc.assert(
      fc.asyncProperty(hostileInputs(valid), async (input) => {
        const isValid = schema.safeParse(input).success;
        let error: unknown = null;
        await callProcedure(caller, name, input).catch((caught: unknown) => {
          error = caught;
        });
        const after = await fingerprintDatabase(database, { ignore: BOOKKEEPING_TABLES });
        const changed = JSON.stringify(after) !== JSON.stringify(baseline);
        baseline = after;
        if (error === null) {
          if (!isValid) throw new Error(`accepted an input its schema refuses: ${preview(input)}`);
          return;
        }
        if (!(error instanceof TRPCError)) throw new Error(`threw a non-tRPC error for ${preview(input)}: ${String(error)}`);
        const status = getHTTPStatusCodeFromError(error);
        if (status >= 500) throw new Error(`answered ${error.code} (${status}) for ${preview(input)}: ${String(error.cause ?? error.message)}`);
        if (changed) throw new Error(`refused with ${error.code} but changed the database, for ${preview(input)}`);
        if (!isValid && error.code !== "BAD_REQUEST") throw new Error(`schema-invalid input answered ${error.code}, not BAD_REQUEST: ${preview(input)}`);
      }),
      { numRuns: RUNS_PER_PROCEDURE, seed: SEED + withInput.indexOf(name), endOnFailure: true, examples: criticalInputs(valid).map((input) => [input] as [unknown]) },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

function preview(input: unknown): string {
  const text = JSON.stringify(input, (_key, value: unknown) => (typeof value === "string" && value.length > 60 ? `${value.slice(0, 20)}…(${value.length} chars)` : value));
  return text === undefined ? String(input) : text.slice(0, 300);
}
