import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeAnswer, transformer } from "@/server/api/transformer";

const written = (value: unknown) => JSON.stringify(serializeAnswer(value));
const bySuperjson = (value: unknown) => JSON.stringify(superjson.serialize(value));

/** Plain data as the procedures answer it, with keys that need escaping in annotation paths. */
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("a.b", "a\\b", "0", "10", "9.x", "\\.", "createdAt")).filter((name) => !["__proto__", "constructor", "prototype"].includes(name));
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((number) => !Object.is(number, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
const { plain } = fc.letrec((tie) => ({
  plain: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("plain"), { maxLength: 5 }),
  object: fc.dictionary(key, tie("plain"), { maxKeys: 5 }),
}));

describe("the tRPC answer writer", () => {
  it("writes exactly what superjson writes for plain data", () => {
    fc.assert(
      fc.property(plain, (value) => {
        expect(written(value)).toBe(bySuperjson(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it("orders annotations as superjson does when integer-like and other paths share a level", () => {
    const at = new Date(0);
    for (const value of [[{ a: new Date(1) }, at], { 10: new Date(2), "9": { x: new Date(3) }, b: at }, { "a.b": { "c\\d": [new Date(4)] } }]) {
      expect(written(value)).toBe(bySuperjson(value));
    }
  });

  it("hands anything but plain data to superjson, whose output it then is", () => {
    const shared = { id: 1 };
    const sparse = [1, 2, 3];
    delete sparse[1];
    class Row {
      id = 1;
    }
    for (const value of [{ a: shared, b: shared }, { n: Number.NaN }, { n: -0 }, { n: Infinity }, { big: 10n }, new Map([["a", 1]]), new Set([1]), { at: new Date(Number.NaN) }, new Row(), { r: /x/ }, sparse, { e: new Error("x") }]) {
      expect(written(value)).toBe(bySuperjson(value));
    }
  });

  it("refuses a prototype-polluting key as superjson does", () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(() => serializeAnswer(value)).toThrow(/prototype pollution/);
  });

  it("reads back with superjson into the same value", () => {
    const answer = { watches: [{ id: "w1", createdAt: new Date("2026-11-21T10:00:00Z"), maxPrice: null, note: undefined }], total: 1 };
    expect(transformer.output.deserialize(serializeAnswer(answer))).toEqual(answer);
  });
});
