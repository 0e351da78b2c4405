import superjson from "superjson";

/**
 * The tRPC transformer: superjson both ways, with a faster writer of the answers. superjson's general walk
 * (paths copied at every node, identity maps for shared references, a rule search for every value) cost
 * 0.35–0.45 ms of every list answer, most of the CPU a signed-in API call spent outside the database and the
 * HTTP stack. Answers are plain data: objects, arrays, strings, finite numbers, booleans, null, undefined and
 * valid Dates. For those `serializeAnswer` writes exactly what `superjson.serialize` writes (the same JSON,
 * the same annotation paths in the same order; test/unit/trpc-transformer.test.ts compares them); anything
 * else (a Map, a BigInt, NaN, an object met twice, a class instance, …) is handed to superjson whole.
 */

type Annotations = [string] | { [path: string]: Annotations } | undefined;
interface Walked {
  value: unknown;
  annotations: Annotations;
}

/** Thrown inside the walk when a value is not plain data: the whole answer then goes to superjson. */
const NOT_PLAIN = Symbol("not plain data");

/** superjson's escapeKey: a key's backslashes and dots escaped in an annotation path. */
const escapeKey = (key: string) => (key.includes("\\") || key.includes(".") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key);

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Mirrors superjson's walker: a leaf's annotation is `[type]`, a node's is its children's, flattened by path. */
function walk(value: unknown, seen: Set<object>): Walked {
  switch (typeof value) {
    case "string":
    case "boolean":
      return { value, annotations: undefined };
    case "number":
      // NaN, ±Infinity and -0 carry a "number" annotation: superjson's business.
      if (!Number.isFinite(value) || Object.is(value, -0)) throw NOT_PLAIN;
      return { value, annotations: undefined };
    case "undefined":
      return { value: null, annotations: ["undefined"] };
    case "object":
      break;
    default:
      throw NOT_PLAIN;
  }
  if (value === null) return { value, annotations: undefined };
  // Shared references become referentialEqualities in superjson's output.
  if (seen.has(value)) throw NOT_PLAIN;
  seen.add(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()) || Object.getPrototypeOf(value) !== Date.prototype) throw NOT_PLAIN;
    return { value: value.toISOString(), annotations: ["Date"] };
  }
  let inner: { [path: string]: Annotations } | undefined;
  const add = (key: string, child: Annotations) => {
    if (!child) return;
    inner ??= {};
    if (Array.isArray(child)) inner[escapeKey(key)] = child;
    else for (const [path, tree] of Object.entries(child)) inner[`${escapeKey(key)}.${path}`] = tree;
  };
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw NOT_PLAIN;
    const copy: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index += 1) {
      // A hole is skipped by superjson's Object.entries walk; too rare to mirror.
      if (!(index in value)) throw NOT_PLAIN;
      const child = walk(value[index], seen);
      copy[index] = child.value;
      add(String(index), child.annotations);
    }
    return { value: copy, annotations: inner };
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw NOT_PLAIN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw NOT_PLAIN;
    const child = walk((value as Record<string, unknown>)[key], seen);
    copy[key] = child.value;
    add(key, child.annotations);
  }
  return { value: copy, annotations: inner };
}

/** What `superjson.serialize(answer)` returns, written faster for plain data. */
export function serializeAnswer(answer: unknown): ReturnType<typeof superjson.serialize> {
  let walked: Walked;
  try {
    walked = walk(answer, new Set());
  } catch (error) {
    if (error === NOT_PLAIN) return superjson.serialize(answer);
    throw error;
  }
  if (!walked.annotations) return { json: walked.value as never };
  return { json: walked.value as never, meta: { values: walked.annotations as never, v: 1 } as never };
}

/** tRPC's transformer: inputs read by superjson, answers written by `serializeAnswer`. */
export const transformer = {
  input: { serialize: superjson.serialize, deserialize: superjson.deserialize },
  output: { serialize: serializeAnswer, deserialize: superjson.deserialize },
};
