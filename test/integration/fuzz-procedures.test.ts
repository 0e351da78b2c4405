import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { appRouter } from "@/server/api/root";
import { callerFor } from "../support/callers";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { callProcedure, createFixture, fingerprintDatabase, PROCEDURES } from "./authz-procedures";
import { criticalInputs, hostileInputs, preview } from "./fuzz-inputs";

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
