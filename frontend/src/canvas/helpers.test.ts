import { describe, expect, it } from "vitest";
import type { JourneyDocument, NodeType } from "../api/journeys";
import { branchesOf } from "./branches";
import { copySelection, pasteFragment } from "./clipboard";
import { documentToCanvas } from "./convert";
import { describeCron } from "./cron";
import { diffDocuments, edgeChanges, fieldChanges } from "./diff";
import { nextId } from "./ids";
import { autoLayout } from "./layout";

const base: JourneyDocument = {
  schema_version: 1,
  key: "k",
  name: "K",
  description: "",
  settings: {},
  nodes: [
    { id: "start", type: "entry.api", label: "", position: { x: 0, y: 0 }, config: {} },
    { id: "tag", type: "action.tag", label: "", position: { x: 100, y: 0 }, config: { tag: "vip" } },
    { id: "end", type: "exit", label: "", position: { x: 200, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "tag", branch: "next" },
    { id: "e2", source: "tag", target: "end", branch: "next" },
  ],
};

describe("branchesOf", () => {
  const wait = { branches: ["event", "timeout"] } as NodeType;
  it("uses the type's fixed branches", () => {
    expect(branchesOf(wait, "wait.event", {})).toEqual(["event", "timeout"]);
  });
  it("derives dynamic branches from the config", () => {
    expect(branchesOf(undefined, "split.multi", { branches: [{ key: "gold" }, { key: "silver" }] })).toEqual(["gold", "silver", "else"]);
    expect(branchesOf(undefined, "split.random", { variants: [{ key: "a" }], holdout_percent: 10 })).toEqual(["a", "holdout"]);
    expect(branchesOf(undefined, "split.random", { variants: [{ key: "a" }], holdout_percent: 0 })).toEqual(["a"]);
    expect(branchesOf(undefined, "split.experiment", { variants: [{ key: "a" }, { key: "b" }] })).toEqual(["a", "b"]);
    expect(branchesOf(undefined, "action.coupon", { coupon_template: "x" })).toEqual(["granted", "out_of_stock"]);
    expect(branchesOf(undefined, "action.coupon", { coupon_template: "x", limit_reached_branch: true })).toEqual(["granted", "out_of_stock", "limit_reached"]);
  });
});

describe("describeCron", () => {
  it("says a schedule in words", () => {
    expect(describeCron("0 9 * * 1")).toBe("At 09:00, on Monday");
    expect(describeCron("30 8 1 * *")).toBe("At 08:30, on day 1 of the month");
    expect(describeCron("0 10 * * 1-5")).toBe("At 10:00, on Monday through Friday");
    expect(describeCron("0 0 * * *")).toBe("At 00:00, every day");
    expect(describeCron("*/15 * * * *")).toBe("At minute every 15 of every hour, every day");
    expect(describeCron("0 9 1 1,7 *")).toBe("At 09:00, on day 1 of the month, in January and July");
  });
  it("refuses what is not a five-field cron", () => {
    expect(describeCron("")).toBeNull();
    expect(describeCron("0 9 * *")).toBeNull();
    expect(describeCron("61 9 * * *")).toBeNull();
    expect(describeCron("0 9 * * mon")).toBeNull();
  });
});

describe("diffDocuments", () => {
  it("marks added, removed, changed and moved nodes and edges", () => {
    const newer: JourneyDocument = structuredClone(base);
    newer.nodes = newer.nodes.filter((n) => n.id !== "end");
    newer.nodes.push({ id: "send", type: "action.send", label: "", position: { x: 0, y: 0 }, config: {} });
    newer.nodes[1]!.config = { tag: "gold" };
    newer.nodes[0]!.position = { x: 5, y: 5 };
    newer.edges = [base.edges[0]!, { id: "e3", source: "tag", target: "send", branch: "next" }];
    const diff = diffDocuments(base, newer);
    expect(diff.nodes).toEqual({ start: "moved", tag: "changed", send: "added", end: "removed" });
    expect(diff.edges).toEqual({ e1: "same", e3: "added", "e2~old": "removed" });
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1 });
    expect(diff.settingsChanged).toBe(false);
    expect(fieldChanges(base.nodes[1], newer.nodes[1])).toEqual([{ field: "tag", before: "vip", after: "gold" }]);
    expect(edgeChanges(base, newer)).toEqual([
      { id: "e3", change: "added", source: "tag", branch: "next", target: "send" },
      { id: "e2", change: "removed", source: "tag", branch: "next", target: "end" },
    ]);
  });
});

describe("clipboard", () => {
  it("pastes selected nodes with fresh ids and the edges between them", () => {
    const { nodes, edges } = documentToCanvas(base);
    nodes[0]!.selected = true;
    nodes[1]!.selected = true;
    const fragment = copySelection(nodes, edges);
    expect(fragment.nodes.map((n) => n.id)).toEqual(["start", "tag"]);
    expect(fragment.edges.map((e) => e.id)).toEqual(["e1"]);
    const pasted = pasteFragment(fragment, { nodes, edges });
    expect(pasted.nodes.map((n) => n.id)).toEqual(["api_1", "tag_1"]);
    expect(pasted.nodes[1]!.position).toEqual({ x: 140, y: 40 });
    expect(pasted.edges[0]).toMatchObject({ source: "api_1", target: "tag_1" });
    expect(pasted.edges[0]!.id).not.toBe("e1");
  });
});

describe("nextId and autoLayout", () => {
  it("picks the first free id", () => {
    expect(nextId("action.send", new Set(["send_1"]))).toBe("send_2");
  });
  it("lays nodes out left to right along the edges", () => {
    const { nodes, edges } = documentToCanvas(base);
    const placed = autoLayout(nodes, edges);
    const x = Object.fromEntries(placed.map((n) => [n.id, n.position.x]));
    expect(x.start!).toBeLessThan(x.tag!);
    expect(x.tag!).toBeLessThan(x.end!);
    expect(placed.every((n) => n.position.x % 20 === 0 && n.position.y % 20 === 0)).toBe(true);
  });
});
