/**
 * JSON deep merge for timeline patches: objects merge key by key, arrays and scalars replace, and `null`
 * deletes the key — the only way a patch can make a vendor field (e.g. `priceRanges`) disappear.
 */

type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns a new value; neither input is mutated. */
export function mergePatch<T>(target: T, patch: unknown): T {
  if (!isPlainObject(patch) || !isPlainObject(target)) return structuredClone(patch) as T;
  const result: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else if (value === undefined) {
      continue;
    } else if (isPlainObject(value) && isPlainObject(result[key])) {
      result[key] = mergePatch(result[key], value);
    } else {
      result[key] = structuredClone(value);
    }
  }
  return result as T;
}
