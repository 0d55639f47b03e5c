import type { Condition, FieldDescriptor, KindDescriptor } from "../api/audiences";

/** Which input component edits a control; the builder keeps one component per input type. */
export type InputType =
  | "select"
  | "multiselect"
  | "text"
  | "list"
  | "number"
  | "days"
  | "date"
  | "boolean"
  | "number-range"
  | "date-range"
  | "where"
  | "mode";

/** One input of a condition row, bound to one key of the condition. */
export interface Control {
  key: string;
  label: string;
  input: InputType;
  options?: string[];
  /** The value type the input writes (numbers for `number`, `count`, `days`). */
  valueType?: string;
  /** Left empty, the key is left out of the condition (all time, no name, ...). */
  optional?: boolean;
  min?: number;
  max?: number;
  /** Property-condition types and their operators, for the `where` list. */
  types?: Record<string, string[]>;
  /** The alternative in use, for a `mode` control. */
  current?: string;
}

export const MODE_KEY = "__mode";
export const NO_VALUE_OPS = new Set(["is_set", "is_not_set"]);
export const LIST_OPS = new Set(["in", "not_in"]);

/**
 * Keys of which a condition carries one set (docs/audience-rules.md): a bought condition
 * names a product or a category, an RFM condition a segment list or a score comparison.
 */
export interface Alternative {
  /** The key whose presence marks this alternative as the one in use. */
  lead: string;
  /** Every key the alternative writes. */
  keys: readonly string[];
}

export const ALTERNATIVES: readonly (readonly Alternative[])[] = [
  [
    { lead: "product", keys: ["product"] },
    { lead: "category", keys: ["category"] },
  ],
  [
    { lead: "segment", keys: ["segment"] },
    { lead: "score", keys: ["score", "op", "value"] },
  ],
];

/** Descriptor lists that stand for a condition key (an RFM kind lists `segments`). */
const LISTED_KEYS: Record<string, { key: string; input: InputType }> = {
  segments: { key: "segment", input: "multiselect" },
  scores: { key: "score", input: "select" },
};

const NUMERIC = new Set(["number", "count", "days"]);

/** The input for a value of `valueType` compared with `op`, or null when `op` takes none. */
export function valueControl(valueType: string, op: string | undefined, choices: string[] = []): Control | null {
  const base = { key: "value", label: "Value", valueType };
  if (op && NO_VALUE_OPS.has(op)) return null;
  if (op && LIST_OPS.has(op)) {
    return choices.length ? { ...base, input: "multiselect", options: choices } : { ...base, input: "list" };
  }
  if (op === "between") {
    return { ...base, input: valueType === "date" ? "date-range" : "number-range" };
  }
  if (choices.length) return { ...base, input: "select", options: choices };
  if (valueType === "boolean") return { ...base, input: "boolean" };
  if (valueType === "date") return { ...base, input: "date" };
  if (valueType === "days") return { ...base, input: "days" };
  if (NUMERIC.has(valueType)) return { ...base, input: "number" };
  return { ...base, input: "text" };
}

function paramControl(field: FieldDescriptor): Control {
  const label = field.field;
  if (field.choices?.length) {
    return { key: field.field, label, input: "select", options: field.choices, optional: field.nullable };
  }
  const type = field.type ?? "string";
  const input: InputType = type === "days" ? "days" : NUMERIC.has(type) ? "number" : type === "boolean" ? "boolean" : "text";
  return { key: field.field, label, input, valueType: type, optional: field.nullable, min: field.min, max: field.max };
}

/** The alternative of `group` a condition uses now: the first whose leading key it holds. */
export function activeAlternative(group: readonly Alternative[], cond: Condition): number {
  const found = group.findIndex((alt) => cond[alt.lead] !== undefined);
  return found < 0 ? 0 : found;
}

function controlsBeforeAlternatives(desc: KindDescriptor, cond: Condition): Control[] {
  const fields = desc.fields ?? [];
  const subjects = fields.filter((f) => f.operators);
  const controls: Control[] = [];
  if (subjects.length) {
    controls.push({ key: "field", label: "Field", input: "select", options: subjects.map((f) => f.field) });
    const subject = subjects.find((f) => f.field === cond.field) ?? subjects[0] ?? { field: "" };
    const ops = subject.operators ?? [];
    controls.push({ key: "op", label: "Operator", input: "select", options: ops });
    const value = valueControl(subject.type ?? "string", cond.op as string | undefined, subject.choices);
    if (value) controls.push(value);
    return controls;
  }
  let valueField: FieldDescriptor | undefined;
  for (const field of fields) {
    if (field.field === "value") valueField = field;
    else if (field.field === "where") controls.push({ key: "where", label: "Where", input: "where", types: desc.where_types });
    else controls.push(paramControl(field));
  }
  for (const [listName, spec] of Object.entries(LISTED_KEYS)) {
    const options = desc[listName as keyof KindDescriptor] as string[] | undefined;
    if (options?.length) controls.push({ key: spec.key, label: spec.key, input: spec.input, options });
  }
  let valueType = valueField?.type ?? "count";
  let ops = desc.operators;
  if (desc.types) {
    const types = Object.keys(desc.types);
    controls.push({ key: "type", label: "Type", input: "select", options: types });
    valueType = typeof cond.type === "string" && desc.types[cond.type] ? cond.type : (types[0] ?? "string");
    ops = desc.types[valueType];
  }
  if (ops?.length) {
    controls.push({ key: "op", label: "Operator", input: "select", options: ops });
    const value = valueControl(valueType, cond.op as string | undefined);
    if (value) controls.push(value);
  } else if (valueField) {
    controls.push(paramControl(valueField));
  }
  return controls;
}

/** The inputs a condition of kind `desc` shows, given what the condition holds now. */
export function controlsFor(desc: KindDescriptor, cond: Condition): Control[] {
  const controls = controlsBeforeAlternatives(desc, cond);
  const keys = new Set(controls.map((c) => c.key));
  const modes: Control[] = [];
  const hidden = new Set<string>();
  for (const group of ALTERNATIVES) {
    if (!group.every((alt) => keys.has(alt.lead))) continue;
    const active = activeAlternative(group, cond);
    modes.push({
      key: MODE_KEY,
      label: "Choose by",
      input: "mode",
      options: group.map((alt) => alt.lead),
      current: group[active]?.lead,
    });
    group.forEach((alt, i) => i !== active && alt.keys.forEach((k) => hidden.add(k)));
  }
  return [...modes, ...controls.filter((c) => !hidden.has(c.key))];
}

/** What a new input of this control starts with. */
export function defaultFor(control: Control): unknown {
  const first = control.options?.[0];
  switch (control.input) {
    case "select":
      return control.key === "op" && control.options?.includes("gte") ? "gte" : first;
    case "multiselect":
      return first === undefined ? [] : [first];
    case "list":
      return [];
    case "boolean":
      return true;
    case "days":
      return Math.max(control.min ?? 30, Math.min(30, control.max ?? 30));
    case "number":
      return 1;
    case "number-range":
      return [1, 10];
    case "date":
    case "date-range":
      return control.input === "date" ? "" : ["", ""];
    default:
      return "";
  }
}

/** `cond` with every required input it lacks filled with a default. */
export function fillDefaults(desc: KindDescriptor, cond: Condition): Condition {
  let next = { ...cond };
  for (let round = 0; round < 4; round += 1) {
    const missing = controlsFor(desc, next).filter(
      (c) => !c.optional && c.input !== "where" && c.input !== "mode" && next[c.key] === undefined,
    );
    if (!missing.length) break;
    next = { ...next, ...Object.fromEntries(missing.map((c) => [c.key, defaultFor(c)])) };
  }
  return next;
}

/** A new condition of kind `desc`, ready to preview. */
export function newCondition(desc: KindDescriptor): Condition {
  return fillDefaults(desc, { kind: desc.kind });
}

/** Keep what a value can keep when the operator changes (3 → [3] for `in`, [3, 9] → 3 for `eq`). */
export function adaptValue(value: unknown, control: Control | null): unknown {
  if (!control) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  switch (control.input) {
    case "multiselect":
    case "list":
      if (Array.isArray(value)) return value;
      return first === undefined || first === "" ? defaultFor(control) : [first];
    case "number-range":
    case "date-range":
      if (Array.isArray(value) && value.length === 2) return value;
      return first === undefined ? defaultFor(control) : [first, first];
    default:
      return first === undefined ? defaultFor(control) : first;
  }
}

function without(cond: Condition, keys: Iterable<string>): Condition {
  const next = { ...cond };
  for (const key of keys) delete next[key];
  return next;
}

/** `cond` after one input changed: dependent inputs are reset or adapted, empty ones dropped. */
export function setControl(desc: KindDescriptor, cond: Condition, key: string, value: unknown): Condition {
  if (key === MODE_KEY) {
    const group = ALTERNATIVES.find((g) => g.some((alt) => alt.lead === value));
    const lead = controlsBeforeAlternatives(desc, cond).find((c) => c.key === value);
    if (!group || !lead) return cond;
    return fillDefaults(desc, { ...without(cond, group.flatMap((alt) => alt.keys)), [lead.key]: defaultFor(lead) });
  }
  if (key === "field" || key === "type") {
    return fillDefaults(desc, { ...without(cond, ["op", "value"]), [key]: value });
  }
  if (key === "op") {
    const next: Condition = { ...cond, op: value };
    const control = controlsFor(desc, next).find((c) => c.key === "value") ?? null;
    const adapted = adaptValue(cond.value, control);
    return adapted === undefined ? without(next, ["value"]) : { ...next, value: adapted };
  }
  if (value === undefined || value === null) {
    return without(cond, [key]);
  }
  return { ...cond, [key]: value };
}
