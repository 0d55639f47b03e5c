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

const blank = { at: null, coupons: [], messages: [] };

describe("pathSteps", () => {
  it("lists the nodes passed, by branch, then where the member waits now", () => {
    expect(pathSteps(run({}))).toEqual([
      { node: "start", label: "start", text: "passed", current: false, ...blank },
      { node: "ab", label: "ab", text: "passed by b", current: false, ...blank },
      { node: "wait", label: "wait", text: "is waiting at", current: true, ...blank },
    ]);
  });

  it("ends at the node where a finished member left", () => {
    const steps = pathSteps(run({ status: "exited", node_id: "done", path: [["start", "next"], ["done", null]] }));
    expect(steps.at(-1)).toMatchObject({ node: "done", text: "left the journey here", current: false });
    expect(steps.some((s) => s.current)).toBe(false);
  });

  it("names nodes by label with times, coupons and messages from the step log", () => {
    const coupon = { node: "gift", code: "C-1", status: "granted", at: "2026-03-02T02:00:01+00:00" };
    const message = {
      node: "tell",
      channel: "sms",
      template: "gift",
      template_name: "Gift",
      subject: null,
      status: "sent",
      at: "2026-03-02T02:00:02+00:00",
    };
    const steps = pathSteps(
      run({
        node_label: "Two days",
        steps: [
          { node: "start", label: "New members", outcome: "passed", branch: "next", at: "2026-03-02T02:00:00+00:00" },
          {
            node: "gift",
            label: "Welcome gift",
            outcome: "passed",
            branch: "next",
            at: "2026-03-02T02:00:01+00:00",
            coupons: [coupon],
          },
          {
            node: "tell",
            label: "Tell them",
            outcome: "passed",
            branch: "next",
            at: "2026-03-02T02:00:02+00:00",
            messages: [message],
          },
          { node: "wait", label: "Two days", outcome: "waiting", branch: null, at: "2026-03-02T02:00:03+00:00" },
        ],
      }),
    );
    expect(steps.map((s) => [s.label, s.text, s.current])).toEqual([
      ["New members", "passed", false],
      ["Welcome gift", "passed", false],
      ["Tell them", "passed", false],
      ["Two days", "is waiting at", true],
    ]);
    expect(steps[1]?.coupons).toEqual([coupon]);
    expect(steps[2]?.messages).toEqual([message]);
    expect(steps[3]?.at).toBe("2026-03-02T02:00:03+00:00");
  });
});
