import type { Condition, RuleNode } from "../api/audiences";

export type GroupKey = "all" | "any";

/** One step from a group to a child: an index in an `all`/`any` list, or into a `not`. */
export type Step = { key: GroupKey; index: number } | { key: "not" };

/** Where a node sits in the tree, from the root. */
export type NodePath = readonly Step[];

export function isAll(node: RuleNode): node is { all: RuleNode[] } {
  return "all" in node && Array.isArray((node as { all: unknown }).all);
}

export function isAny(node: RuleNode): node is { any: RuleNode[] } {
  return "any" in node && Array.isArray((node as { any: unknown }).any);
}

export function isNot(node: RuleNode): node is { not: RuleNode } {
  return "not" in node && !("kind" in node);
}

export function isCondition(node: RuleNode): node is Condition {
  return "kind" in node;
}

/** The list key of an `all`/`any` group, or null for a condition or a `not`. */
export function listKey(node: RuleNode): GroupKey | null {
  if (isAll(node)) return "all";
  if (isAny(node)) return "any";
  return null;
}

/** The children of a group (a `not` has one), none for a condition. */
export function children(node: RuleNode): RuleNode[] {
  if (isAll(node)) return node.all;
  if (isAny(node)) return node.any;
  if (isNot(node)) return [node.not];
  return [];
}

/** The server's name for a node's place: `all[1].any[0]`, `not`, or "" for the root. */
export function pathString(path: NodePath): string {
  return path.map((s) => (s.key === "not" ? "not" : `${s.key}[${s.index}]`)).join(".");
}

/** The path of a group's `index`-th child. */
export function childPath(path: NodePath, group: RuleNode, index: number): Step[] {
  const key = listKey(group);
  return [...path, key ? { key, index } : { key: "not" }];
}

export function getAt(tree: RuleNode, path: NodePath): RuleNode | undefined {
  let node: RuleNode | undefined = tree;
  for (const step of path) {
    if (!node) return undefined;
    if (step.key === "not") {
      node = isNot(node) ? node.not : undefined;
    } else {
      node = listKey(node) === step.key ? children(node)[step.index] : undefined;
    }
  }
  return node;
}

/** A copy of `tree` with the node at `path` replaced by `update(node)`. */
export function updateAt(tree: RuleNode, path: NodePath, update: (node: RuleNode) => RuleNode): RuleNode {
  const [step, ...rest] = path;
  if (step === undefined) return update(tree);
  if (step.key === "not") {
    if (!isNot(tree)) throw new Error("path does not match the tree: expected a not group");
    return { not: updateAt(tree.not, rest, update) };
  }
  const key = listKey(tree);
  if (key !== step.key) throw new Error(`path does not match the tree: expected an ${step.key} group`);
  const list = children(tree);
  if (step.index < 0 || step.index >= list.length) throw new Error("path points past the end of a group");
  const next = list.map((child, i) => (i === step.index ? updateAt(child, rest, update) : child));
  return key === "all" ? { all: next } : { any: next };
}

/** Append `node` to the `all`/`any` group at `path`. */
export function addChild(tree: RuleNode, path: NodePath, node: RuleNode): RuleNode {
  return updateAt(tree, path, (group) => {
    const key = listKey(group);
    if (!key) throw new Error("conditions can only be added to an all or any group");
    const next = [...children(group), node];
    return key === "all" ? { all: next } : { any: next };
  });
}

/** Remove the node at `path`; removing a `not`'s only child removes the `not`. */
export function removeAt(tree: RuleNode, path: NodePath): RuleNode {
  if (path.length === 0) {
    return { all: [] };
  }
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  if (last === undefined) return { all: [] };
  if (last.key === "not") {
    return removeAt(tree, parentPath);
  }
  const index = last.index;
  return updateAt(tree, parentPath, (group) => {
    const next = children(group).filter((_, i) => i !== index);
    return last.key === "all" ? { all: next } : { any: next };
  });
}

/** Move the node at `path` up (-1) or down (+1) within its group; unchanged at the ends. */
export function moveAt(tree: RuleNode, path: NodePath, delta: -1 | 1): RuleNode {
  const last = path[path.length - 1];
  if (!last || last.key === "not") return tree;
  return updateAt(tree, path.slice(0, -1), (group) => {
    const list = [...children(group)];
    const from = list[last.index];
    const target = last.index + delta;
    const to = list[target];
    if (from === undefined || to === undefined) return group;
    list[last.index] = to;
    list[target] = from;
    return last.key === "all" ? { all: list } : { any: list };
  });
}

/** Switch an `all` group to `any` or back, keeping its children. */
export function setGroupKey(tree: RuleNode, path: NodePath, key: GroupKey): RuleNode {
  return updateAt(tree, path, (group) => {
    const list = children(group);
    return key === "all" ? { all: list } : { any: list };
  });
}

/** Wrap the node at `path` in a `not`, or unwrap it when it is one already. */
export function toggleNot(tree: RuleNode, path: NodePath): RuleNode {
  return updateAt(tree, path, (node) => (isNot(node) ? node.not : { not: node }));
}

/** The root as a group the builder can add to: a bare condition or `not` goes into an `all`. */
export function asRootGroup(tree: RuleNode): RuleNode {
  return listKey(tree) ? tree : { all: [tree] };
}

/** How many conditions the tree holds. */
export function countConditions(tree: RuleNode): number {
  return isCondition(tree) ? 1 : children(tree).reduce((n, c) => n + countConditions(c), 0);
}
