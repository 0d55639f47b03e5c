import { describe, expect, it } from "vitest";
import { counterBadges, outcomeText } from "./counterLabels";

describe("counterBadges", () => {
  it("always lists the six flow counters, zeros included", () => {
    expect(counterBadges(undefined).map((b) => [b.label, b.value])).toEqual([
      ["Entered", 0],
      ["Waiting now", 0],
      ["Passed", 0],
      ["Exited", 0],
      ["Converted", 0],
      ["Errors", 0],
    ]);
  });

  it("adds messages and coupons only when the node has them", () => {
    const badges = counterBadges({ entered: 5, passed: 5, coupons_granted: 4 });
    expect(badges.map((b) => b.label)).toContain("Coupons granted");
    expect(badges.map((b) => b.label)).not.toContain("Messages queued");
    expect(badges.find((b) => b.name === "entered")?.value).toBe(5);
  });
});

describe("outcomeText", () => {
  it("reads as a sentence and passes unknown outcomes through", () => {
    expect(outcomeText("waiting")).toBe("is waiting at");
    expect(outcomeText("something")).toBe("something");
  });
});
