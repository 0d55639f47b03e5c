import { describe, expect, it } from "vitest";
import { type MemberRun, pathSteps } from "./memberPath";

const run = (over: Partial<MemberRun>): MemberRun => ({
  entry_key: "api:1",
  node_id: "wait",
  status: "waiting",
  due_at: "2026-03-04T02:00:00+00:00",
  entered_at: "2026-03-02T02:00:00+00:00",
  path: [
    ["start", "next"],
    ["ab", "b"],
  ],
  error: null,
  test: false,
  ...over,
});

describe("pathSteps", () => {
  it("lists the nodes passed, by branch, then where the member waits now", () => {
    expect(pathSteps(run({}))).toEqual([
      { node: "start", text: "passed", current: false },
      { node: "ab", text: "passed by b", current: false },
      { node: "wait", text: "is waiting at", current: true },
    ]);
  });

  it("ends at the node where a finished member left", () => {
    const steps = pathSteps(run({ status: "exited", node_id: "done", path: [["start", "next"], ["done", null]] }));
    expect(steps.at(-1)).toEqual({ node: "done", text: "left the journey here", current: false });
    expect(steps.some((s) => s.current)).toBe(false);
  });
});
