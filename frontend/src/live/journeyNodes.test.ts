import { describe, expect, it } from "vitest";
import { flowOrder, liveVersion, nodeName } from "./journeyNodes";

describe("liveVersion", () => {
  it("follows the published version even when a newer draft exists", () => {
    expect(
      liveVersion([
        { number: 1, status: "superseded" },
        { number: 2, status: "published" },
        { number: 3, status: "draft" },
      ]),
    ).toBe(2);
  });

  it("falls back to the newest version, or none", () => {
    expect(liveVersion([{ number: 1, status: "archived" }])).toBe(1);
    expect(liveVersion([])).toBeNull();
  });
});

describe("nodeName", () => {
  it("prefers the label and falls back to the id", () => {
    expect(nodeName({ id: "w", type: "wait.duration", label: "Wait 2 days" }, "w")).toBe("Wait 2 days");
    expect(nodeName({ id: "w", type: "wait.duration", label: " " }, "w")).toBe("w");
    expect(nodeName(undefined, "gone")).toBe("gone");
  });
});

describe("flowOrder", () => {
  it("starts at the entries and follows the edges, unreached nodes last", () => {
    const nodes = [
      { id: "ab", type: "split.random" },
      { id: "done", type: "exit" },
      { id: "orphan", type: "action.tag" },
      { id: "start", type: "entry.api" },
      { id: "wait", type: "wait.duration" },
    ];
    const edges = [
      { source: "start", target: "ab" },
      { source: "ab", target: "wait" },
      { source: "ab", target: "done" },
      { source: "wait", target: "done" },
    ];
    expect(flowOrder(nodes, edges).map((n) => n.id)).toEqual(["start", "ab", "wait", "done", "orphan"]);
  });
});
