import { describe, expect, it } from "vitest";
import type { RuleNode } from "../api/audiences";
import { addChild, asRootGroup, countConditions, getAt, moveAt, pathString, removeAt, setGroupKey, toggleNot, type NodePath } from "./ruleTree";

const tier = { kind: "profile", field: "tier", op: "eq", value: "gold" };
const orders = { kind: "order_count", window_days: 365, op: "gte", value: 3 };
const vip = { kind: "tag", op: "has", value: "vip" };
const tree: RuleNode = { all: [tier, { any: [orders, vip] }, { not: { kind: "no_first_order" } }] };
const inAny: NodePath = [
  { key: "all", index: 1 },
  { key: "any", index: 0 },
];

describe("rule tree paths", () => {
  it("names nodes the way the server does", () => {
    expect(pathString([])).toBe("");
    expect(pathString(inAny)).toBe("all[1].any[0]");
    expect(pathString([{ key: "all", index: 2 }, { key: "not" }])).toBe("all[2].not");
  });

  it("finds the node at a path", () => {
    expect(getAt(tree, inAny)).toEqual(orders);
    expect(getAt(tree, [{ key: "all", index: 2 }, { key: "not" }])).toEqual({ kind: "no_first_order" });
    expect(getAt(tree, [{ key: "any", index: 0 }])).toBeUndefined();
  });
});

describe("rule tree edits", () => {
  it("adds a condition to a nested group without touching the original", () => {
    const next = addChild(tree, [{ key: "all", index: 1 }], tier);
    expect(getAt(next, [{ key: "all", index: 1 }])).toEqual({ any: [orders, vip, tier] });
    expect(getAt(tree, [{ key: "all", index: 1 }])).toEqual({ any: [orders, vip] });
  });

  it("removes a condition, and a not together with its only child", () => {
    expect(removeAt(tree, inAny)).toEqual({ all: [tier, { any: [vip] }, { not: { kind: "no_first_order" } }] });
    expect(removeAt(tree, [{ key: "all", index: 2 }, { key: "not" }])).toEqual({ all: [tier, { any: [orders, vip] }] });
  });

  it("moves a condition within its group and stops at the ends", () => {
    expect(getAt(moveAt(tree, inAny, 1), [{ key: "all", index: 1 }])).toEqual({ any: [vip, orders] });
    expect(moveAt(tree, inAny, -1)).toEqual(tree);
    expect(getAt(moveAt(tree, [{ key: "all", index: 0 }], 1), [{ key: "all", index: 1 }])).toEqual(tier);
  });

  it("switches a group between all and any", () => {
    expect(getAt(setGroupKey(tree, [{ key: "all", index: 1 }], "all"), [{ key: "all", index: 1 }])).toEqual({ all: [orders, vip] });
  });

  it("negates a condition and takes the negation away again", () => {
    const negated = toggleNot(tree, [{ key: "all", index: 0 }]);
    expect(getAt(negated, [{ key: "all", index: 0 }])).toEqual({ not: tier });
    expect(toggleNot(negated, [{ key: "all", index: 0 }])).toEqual(tree);
  });

  it("refuses a path that does not match the tree", () => {
    expect(() => addChild(tree, [{ key: "any", index: 0 }], tier)).toThrow(/path does not match/);
  });

  it("wraps a bare condition root in a group and counts conditions", () => {
    expect(asRootGroup(tier)).toEqual({ all: [tier] });
    expect(asRootGroup(tree)).toBe(tree);
    expect(countConditions(tree)).toBe(4);
  });
});
