import { ApiError } from "../api/client";

/** A problem the server found in a rule tree, split into the node and the field it names. */
export interface RuleError {
  /** The node's path as the server writes it: `all[1].any[0]`, or "" for the root. */
  node: string;
  /** What is wrong inside the node: `op`, `value[1]`, `where[0].value`, or "" for the node. */
  field: string;
  message: string;
}

const GROUP_STEP = /^(all|any)\[\d+\]$/;

/** Split a server path such as `all[1].any[0].op` into `{node: "all[1].any[0]", field: "op"}`. */
export function splitPath(path: string): { node: string; field: string } {
  const parts = path ? path.split(".") : [];
  let i = 0;
  while (i < parts.length && (GROUP_STEP.test(parts[i] ?? "") || parts[i] === "not")) {
    i += 1;
  }
  return { node: parts.slice(0, i).join("."), field: parts.slice(i).join(".") };
}

/** The key of a condition a field path starts with: `where[0].value` → `where`. */
export function fieldKey(field: string): string {
  return (field.split(".")[0] ?? "").replace(/\[\d+\]$/, "");
}

/** The rule problems of a failed preview or save (an `invalid_rules` 400), else none. */
export function ruleErrorsFrom(error: unknown): RuleError[] {
  if (!(error instanceof ApiError) || error.code !== "invalid_rules") {
    return [];
  }
  return error.errors.map((e) => {
    const raw = (e as { path?: string }).path ?? e.field.replace(/^rules\.?/, "");
    return { ...splitPath(raw), message: e.message };
  });
}

/** The errors of one node, and of one field of it (`""` = the node itself). */
export function errorsAt(errors: readonly RuleError[], node: string, field?: string): RuleError[] {
  return errors.filter((e) => e.node === node && (field === undefined || fieldKey(e.field) === field));
}

/** Errors under `where[i]` of one node, with the field relative to that property row. */
export function rowErrors(errors: readonly RuleError[], list: string, index: number): RuleError[] {
  const prefix = `${list}[${index}]`;
  return errors
    .filter((e) => e.field === prefix || e.field.startsWith(`${prefix}.`))
    .map((e) => ({ ...e, field: e.field.slice(prefix.length + 1) }));
}
