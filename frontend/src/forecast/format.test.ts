import { describe, expect, it } from "vitest";
import { interval } from "./format";

describe("interval", () => {
  it("shows one number when every draw agrees", () => {
    expect(interval({ value: 1200, low: 1200, high: 1200 })).toBe("1,200");
  });
  it("shows the 90% interval otherwise", () => {
    expect(interval({ value: 12.5, low: 10, high: 15.25 }, 2)).toBe("12.50 (10.00–15.25)");
  });
  it("shows a dash for a missing figure", () => {
    expect(interval(null)).toBe("—");
  });
});
