import { z } from "zod";
import { RestError } from "./errors";

type ParamKind = "string" | "number" | "boolean" | "array";
type JsonSchema = { type?: string | string[]; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema> };

const kindsBySchema = new WeakMap<z.ZodObject, Map<string, ParamKind>>();

function kindOf(schema: JsonSchema | undefined): ParamKind {
  const types = [schema?.type, ...(schema?.anyOf ?? []).map((option) => option.type)].flat().filter((type): type is string => Boolean(type) && type !== "null");
  if (types.includes("array")) return "array";
  if (types.includes("number") || types.includes("integer")) return "number";
  if (types.includes("boolean")) return "boolean";
  return "string";
}

/** What each parameter of a query schema expects, read from its JSON Schema (so the zod schema stays the one truth). */
function kindsFor(schema: z.ZodObject): Map<string, ParamKind> {
  let kinds = kindsBySchema.get(schema);
  if (!kinds) {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    kinds = new Map(Object.keys(schema.shape).map((name) => [name, kindOf(json.properties?.[name])]));
    kindsBySchema.set(schema, kinds);
  }
  return kinds;
}

function coerce(value: string, kind: ParamKind): unknown {
  if (kind === "number") return value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
  if (kind === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

/**
 * The query string as the input object a service schema expects: numbers and booleans converted where the
 * schema wants them (anything unconvertible is left for zod to refuse with its own message), empty values
 * treated as absent, unknown or repeated parameters refused.
 */
export function readQuery(url: URL, schema: z.ZodObject): Record<string, unknown> {
  const kinds = kindsFor(schema);
  const input: Record<string, unknown> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const kind = kinds.get(name);
    if (!kind) {
      const known = [...kinds.keys()].join(", ") || "none";
      throw new RestError("BAD_REQUEST", `Unknown parameter "${name}" (this endpoint takes: ${known})`, { issues: [{ path: [name], message: "Unknown parameter" }] });
    }
    const values = url.searchParams.getAll(name).filter((value) => value !== "");
    if (values.length === 0) continue;
    if (kind === "array") input[name] = values;
    else if (values.length > 1) throw new RestError("BAD_REQUEST", `Give "${name}" once`, { issues: [{ path: [name], message: "Given more than once" }] });
    else input[name] = coerce(values[0]!, kind);
  }
  return input;
}
