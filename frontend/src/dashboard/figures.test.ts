import { describe, expect, it } from "vitest";
import { formatChange, formatMovement, formatPercent, sourceLabel, trend } from "./figures";

describe("dashboard figures", () => {
  it("states the change against the previous period", () => {
    expect(formatChange({ value: 105, previous: 100, change_pct: 5 })).toBe("+5.0%");
    expect(formatChange({ value: 95, previous: 100, change_pct: -5 })).toBe("-5.0%");
    expect(formatChange({ value: 100, previous: 100, change_pct: 0 })).toBe("±0%");
    expect(formatChange({ value: 3, previous: 0, change_pct: null })).toBe("new");
    expect(formatChange({ value: null, previous: null, change_pct: null })).toBe("—");
  });

  it("tells the direction and formats rates and movements", () => {
    expect(trend({ change_pct: 2 })).toBe("up");
    expect(trend({ change_pct: -2 })).toBe("down");
    expect(trend({ change_pct: null })).toBe("none");
    expect(formatPercent(0.4567)).toBe("45.7%");
    expect(formatPercent(null)).toBe("—");
    expect(formatMovement(1200)).toBe("+1,200");
    expect(formatMovement(-3)).toBe("-3");
    expect(formatMovement(null)).toBe("—");
  });
});

describe("registration sources", () => {
  it("names members registered without a channel", () => {
    expect(sourceLabel(null)).toBe("Not given");
    expect(sourceLabel("")).toBe("Not given");
    expect(sourceLabel("app")).toBe("app");
  });
});
