/**
 * Hostile inputs for the fuzz suites: values that tend to get past a schema and trip a handler or the
 * database (oversized, unicode, injection-shaped, boundary, wrong types), and ways to put them into a valid
 * input one field at a time.
 */
import fc from "fast-check";

export const injectionStrings = [
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

export const boundaryNumbers = [0, -0, -1, 1, 0.5, -1e-9, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

export const hostileString = fc.oneof(
  fc.constantFrom(...injectionStrings),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(100, 5_000, 100_000).map((length) => "x".repeat(length)),
);

export const hostileScalar = fc.oneof(
  hostileString,
  fc.constantFrom(...boundaryNumbers),
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, undefined, true, false),
  fc.constant(new Date(Number.NaN)),
  fc.constant(new Date("9999-12-31T23:59:59Z")),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...injectionStrings) },
  { weight: 3, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, Array.from({ length: 1_000 }, (_, i) => i), JSON.parse('{"__proto__": {"polluted": true}}')) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

export type Path = (string | number)[];

/** Every path into a value (objects and arrays), the empty path being the whole input. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths = [prefix];
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return paths;
}

export function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], value);
}

export function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

/** A valid input with one field (or the whole, or a new key) replaced by something hostile. */
export function hostileInputs(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const intoField = fc.tuple(fc.nat({ max: paths.length - 1 }), hostileValue).map(([index, value]) => replaceAt(valid, paths[index]!, value));
  const extraKey = fc.tuple(hostileString, hostileValue).map(([key, value]) => (valid && typeof valid === "object" && !Array.isArray(valid) ? { ...valid, [key]: value } : value));
  return fc.oneof({ weight: 5, arbitrary: intoField }, { weight: 1, arbitrary: extraKey }, { weight: 1, arbitrary: hostileValue });
}

/** The values most likely to get past a schema and trip the database, tried in every string and number field. */
export const CRITICAL_STRINGS = ["nul\u0000byte", "\uD800", "low\uDC00", "x".repeat(100_000), "'; DROP TABLE watches; --"];
export const CRITICAL_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, -1, 1e308];

/** Deterministic cases run before the random ones: each critical value in each field, and a few whole inputs. */
export function criticalInputs(valid: unknown): unknown[] {
  const cases: unknown[] = [null, "", [], 0];
  for (const path of pathsOf(valid)) {
    const current = valueAt(valid, path);
    if (typeof current === "string") for (const value of CRITICAL_STRINGS) cases.push(replaceAt(valid, path, value));
    if (typeof current === "number") for (const value of CRITICAL_NUMBERS) cases.push(replaceAt(valid, path, value));
  }
  return cases;
}

/** A short, printable form of an input for failure messages. */
export function preview(input: unknown): string {
  const text = JSON.stringify(input, (_key, value: unknown) => (typeof value === "string" && value.length > 60 ? `${value.slice(0, 20)}…(${value.length} chars)` : value));
  return text === undefined ? String(input) : text.slice(0, 300);
}
