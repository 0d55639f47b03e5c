import type { KindDescriptor, RuleNode } from "../../api/audiences";
import type { JsonSchema } from "../../api/journeys";
import { newCondition } from "../../audiences/controls";
import type { RuleError } from "../../audiences/ruleErrors";
import { asRootGroup, children, childPath, listKey, pathString, type NodePath } from "../../audiences/ruleTree";

/** The server spells the union of rule nodes as `oneOf`, which the shared type leaves out. */
type UnionSchema = JsonSchema & { oneOf?: JsonSchema[] };

const GROUP_KEYS = ["all", "any", "not"] as const;

/** `schema` with a local `$ref` followed once. */
export function deref(schema: JsonSchema | undefined, root: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.startsWith("#/$defs/") ? schema.$ref.slice("#/$defs/".length) : null;
  return (name && root?.$defs?.[name]) || undefined;
}

/**
 * Whether `schema` describes an audience rule tree (docs/audience-rules.md): a union, or a
 * reference to one (the server's `RuleTree`), whose options include the three groups (objects
 * with only an `all`, `any` or `not`) and conditions (objects with a `kind`). Decided by shape,
 * not by the field's name.
 */
export function isRuleTreeSchema(schema: JsonSchema, root?: JsonSchema): boolean {
  const tree = deref(schema, root ?? schema) as UnionSchema | undefined;
  const options = (tree?.oneOf ?? tree?.anyOf ?? []).map((o) => deref(o, root ?? schema));
  const props = options.map((o) => o?.properties ?? {});
  const groups = GROUP_KEYS.every((key) => props.some((p) => key in p && Object.keys(p).length === 1));
  return groups && props.some((p) => "kind" in p);
}

/** `anyOf [X, null]` as X. */
function nonNull(schema: JsonSchema | undefined): JsonSchema | undefined {
  const options = schema?.anyOf?.filter((o) => o.type !== "null");
  return options?.length === 1 ? options[0] : schema;
}

/** Whether `schema` is a list of keyed branches, each with a rule tree (split.multi's `branches`). */
export function isBranchListSchema(schema: JsonSchema, root?: JsonSchema): boolean {
  if (schema.type !== "array") return false;
  const item = deref(schema.items, root);
  const rules = nonNull(item?.properties?.rules);
  return Boolean(item?.properties?.key && rules && isRuleTreeSchema(rules, root));
}

/** Whether the builder can draw `value`: groups and conditions all the way down. */
export function isDrawableTree(value: unknown, depth = 0): value is RuleNode {
  if (depth > 12 || !value || typeof value !== "object" || Array.isArray(value)) return false;
  const node = value as Record<string, unknown>;
  const keys = Object.keys(node);
  if (typeof node.kind === "string") return true;
  if (keys.length !== 1) return false;
  if (Array.isArray(node.all)) return node.all.every((c) => isDrawableTree(c, depth + 1));
  if (Array.isArray(node.any)) return node.any.every((c) => isDrawableTree(c, depth + 1));
  return "not" in node && isDrawableTree(node.not, depth + 1);
}

/** A new rule tree: an `all` group holding one condition of the first kind the server lists. */
export function defaultRuleTree(kinds: readonly KindDescriptor[]): RuleNode {
  const first = kinds[0];
  return { all: [first ? newCondition(first) : { kind: "no_first_order" }] };
}

/** The tree as the builder shows it: always rooted in an `all`/`any` group. */
export function displayTree(value: unknown): RuleNode | null {
  return isDrawableTree(value) ? asRootGroup(value) : null;
}

/**
 * Empty `any` groups, the one empty group the grammar refuses (an empty `all` matches every
 * member), found without waiting for the server's check of the tree.
 */
export function emptyGroupErrors(tree: RuleNode, path: NodePath = []): RuleError[] {
  const list = children(tree);
  const own: RuleError[] =
    listKey(tree) === "any" && list.length === 0
      ? [
          {
            node: pathString(path),
            field: "",
            message: path.length ? "An empty any group matches nobody: add a condition or remove the group." : "Add at least one condition.",
          },
        ]
      : [];
  return [...own, ...list.flatMap((child, i) => emptyGroupErrors(child, childPath(path, tree, i)))];
}

const BRANCH_KEY = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Whether `key` can name a branch of a multi-split (its pattern; `else` is taken). */
export function isBranchKey(key: string): boolean {
  return BRANCH_KEY.test(key) && key !== "else";
}

/** A branch key not used yet: `branch_2`, `branch_3`, ... */
export function nextBranchKey(used: readonly string[]): string {
  const taken = new Set([...used, "else"]);
  for (let n = used.length + 1; ; n += 1) {
    const key = `branch_${n}`;
    if (!taken.has(key)) return key;
  }
}

/** "12%" of the whole base, "<1%" for a few, or null when the base is unknown or empty. */
export function shareOfBase(size: number, total: number | null | undefined): string | null {
  if (!total || total <= 0) return null;
  const percent = (100 * size) / total;
  if (size > 0 && percent < 1) return "<1%";
  return `${Math.round(percent)}%`;
}
