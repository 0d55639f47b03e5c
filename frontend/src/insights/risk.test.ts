import { describe, expect, it } from "vitest";
import { binLabel, percent } from "./risk";

describe("insight labels", () => {
  it("writes probabilities as whole percentages", () => {
    expect(percent(0.624)).toBe("62%");
    expect(percent(1)).toBe("100%");
  });
  it("labels closed, open and money bins", () => {
    expect(binLabel(0, 0.1, false, false)).toBe("0–0.1");
    expect(binLabel(2000, 2500, true, true, "¥")).toBe("≥ ¥2,000");
    expect(binLabel(200, 400, false, true, "¥")).toBe("¥200–¥400");
  });
});
