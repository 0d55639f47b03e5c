import type { JsonSchema } from "../../../api/messaging";

/** What the server sends back in place of a saved secret; sending it back keeps the secret. */
export const SECRET_MASK = "********";

export type FieldKind = "text" | "secret" | "integer" | "number" | "select" | "boolean" | "json" | "group";

/** One form field, derived from one property of a provider's JSON schema. */
export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
  options?: string[];
  min?: number;
  max?: number;
  exclusiveMin?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  defaultValue?: unknown;
  description?: string;
  children?: FieldSpec[];
}

const WORDS: Record<string, string> = { tls: "TLS", url: "URL", id: "ID", smtp: "SMTP", sms: "SMS", http: "HTTP" };

/** "auth_header_value" → "Auth header value", "tls" → "TLS". */
export function labelOf(name: string): string {
  const words = name.split(/[_\s]+/).map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unwrap(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (schema.anyOf) {
    const others = schema.anyOf.filter((s) => s.type !== "null");
    return { schema: { ...others[0], title: schema.title ?? others[0]?.title }, nullable: others.length < schema.anyOf.length };
  }
  if (Array.isArray(schema.type)) {
    const others = schema.type.filter((t) => t !== "null");
    return { schema: { ...schema, type: others[0] }, nullable: others.length < schema.type.length };
  }
  return { schema, nullable: false };
}

function kindOf(s: JsonSchema): FieldKind {
  if (s.writeOnly) {
    return "secret";
  }
  if (s.enum) {
    return "select";
  }
  switch (s.type) {
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "object":
      return s.properties && Object.keys(s.properties).length ? "group" : "json";
    default:
      return "text";
  }
}

const RANK: Record<FieldKind, number> = { select: 1, text: 2, secret: 3, json: 4, group: 4, integer: 5, number: 5, boolean: 6 };

/** The form fields of an object schema: required ones first, then by kind, secrets after plain text. */
export function schemaFields(schema: JsonSchema): FieldSpec[] {
  const required = schema.required ?? [];
  const fields = Object.entries(schema.properties ?? {}).map(([name, raw]) => {
    const { schema: s, nullable } = unwrap(raw);
    const kind = kindOf(s);
    const spec: FieldSpec = {
      name,
      label: s.title ?? labelOf(name),
      kind,
      required: required.includes(name),
      nullable,
    };
    if (s.enum) spec.options = s.enum.map(String);
    if (s.minimum !== undefined) spec.min = s.minimum;
    if (s.maximum !== undefined) spec.max = s.maximum;
    if (s.exclusiveMinimum !== undefined) spec.exclusiveMin = s.exclusiveMinimum;
    if (s.minLength !== undefined) spec.minLength = s.minLength;
    if (s.maxLength !== undefined) spec.maxLength = s.maxLength;
    if (s.pattern !== undefined) spec.pattern = s.pattern;
    if (s.format !== undefined) spec.format = s.format;
    if (s.default !== undefined) spec.defaultValue = s.default;
    if (s.description !== undefined) spec.description = s.description;
    if (kind === "group") spec.children = schemaFields(s);
    return spec;
  });
  const order = (f: FieldSpec) => (f.required ? 0 : RANK[f.kind]);
  return fields
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order(a.f) - order(b.f) || (a.f.required ? required.indexOf(a.f.name) - required.indexOf(b.f.name) : a.i - b.i))
    .map(({ f }) => f);
}

function toFormValue(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (spec.kind === "secret") {
    return undefined;
  }
  if (spec.kind === "json") {
    return JSON.stringify(value, null, 2);
  }
  if (spec.kind === "group" && typeof value === "object") {
    return toFormValues(spec.children ?? [], value as Record<string, unknown>);
  }
  return value;
}

/** Form values for saved settings; secrets are never put into the form. */
export function toFormValues(fields: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = toFormValue(f, values[f.name]);
    if (v !== undefined) {
      out[f.name] = v;
    }
  }
  return out;
}

/** Thrown when a JSON field does not hold a JSON object. */
export class JsonFieldError extends Error {
  constructor(readonly field: string) {
    super(`${field} must be a JSON object`);
  }
}

function fromFormValue(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value === "string" && value.trim() === "") {
    return undefined;
  }
  if (spec.kind === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(value));
    } catch {
      throw new JsonFieldError(spec.name);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new JsonFieldError(spec.name);
    }
    return parsed;
  }
  if (spec.kind === "group") {
    const inner = fromFormValues(spec.children ?? [], value as Record<string, unknown>);
    return Object.keys(inner).length ? inner : undefined;
  }
  if (spec.kind === "text" && typeof value === "string") {
    return value.trim();
  }
  return value;
}

/** The filled-in values of a form, converted back to what the schema describes. */
export function fromFormValues(fields: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = fromFormValue(f, values[f.name]);
    if (v !== undefined) {
      out[f.name] = v;
    }
  }
  return out;
}

/** Which secrets are saved on the server (answered as the mask). */
export function savedSecrets(fields: FieldSpec[], config: Record<string, unknown>): Set<string> {
  return new Set(fields.filter((f) => f.kind === "secret" && config[f.name] === SECRET_MASK).map((f) => f.name));
}

/** The config to send: an empty secret that is saved goes back as the mask, which keeps it. */
export function configPayload(
  fields: FieldSpec[],
  values: Record<string, unknown>,
  saved: Set<string>,
): Record<string, unknown> {
  const out = fromFormValues(fields, values);
  for (const name of saved) {
    if (!(name in out)) {
      out[name] = SECRET_MASK;
    }
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The rules form shows what applies: the channel's defaults with its saved overrides on top. */
export function rulesFormValues(
  fields: FieldSpec[],
  rules: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  return toFormValues(fields, { ...defaults, ...rules });
}

/**
 * The overrides to save: values equal to the default are left out, and a cleared field whose
 * default is set is sent as null ("none"), so clearing SMS quiet hours turns them off.
 */
export function rulesPayload(
  fields: FieldSpec[],
  values: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const filled = fromFormValues(fields, values);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const def = defaults[f.name];
    if (f.name in filled) {
      if (!same(filled[f.name], def)) {
        out[f.name] = filled[f.name];
      }
    } else if (f.nullable && def !== undefined && def !== null) {
      out[f.name] = null;
    }
  }
  return out;
}

/** A default shown next to a rule: {start, end} → "21:00–09:00". */
export function describeDefault(value: unknown): string {
  if (value === null || value === undefined) {
    return "none";
  }
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("start" in v && "end" in v) {
      return `${String(v.start)}–${String(v.end)}`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** A server problem's place in the form: "config.endpoint" → ["config", "endpoint"]. */
export function errorPath(field: string, message: string): string[] | null {
  const parts = field.split(".");
  if (parts[0] !== "config" && parts[0] !== "rules") {
    return null;
  }
  if (parts.length === 1) {
    const missing = /^'([^']+)' is a required property/.exec(message);
    return missing?.[1] ? [parts[0], missing[1]] : null;
  }
  return parts;
}
