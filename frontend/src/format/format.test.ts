import { describe, expect, it } from "vitest";
import { channelLabel, EMPTY, formatCurrency, formatDate, formatDateTime, formatNumber, humanize } from "./format";

describe("formatCurrency", () => {
  it("shows yuan with two decimals and thousands separators", () => {
    expect(formatCurrency("1234.5")).toBe("¥1,234.50");
    expect(formatCurrency(0)).toBe("¥0.00");
    expect(formatCurrency(-12)).toBe("-¥12.00");
  });

  it("shows a dash for missing or invalid amounts", () => {
    expect(formatCurrency(null)).toBe(EMPTY);
    expect(formatCurrency("abc")).toBe(EMPTY);
  });
});

describe("formatNumber", () => {
  it("groups thousands", () => {
    expect(formatNumber(1000000)).toBe("1,000,000");
    expect(formatNumber(undefined)).toBe(EMPTY);
  });
});

describe("dates", () => {
  it("shows UTC timestamps in local time", () => {
    const iso = "2024-03-05T23:30:00+00:00";
    const local = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, "0");
    const expected = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
    expect(formatDateTime(iso)).toBe(expected);
    expect(formatDateTime(null)).toBe(EMPTY);
  });

  it("keeps plain calendar dates as they are", () => {
    expect(formatDate("1990-07-14")).toBe("1990-07-14");
    expect(formatDate("not a date")).toBe(EMPTY);
  });
});

describe("humanize", () => {
  it("turns codes into words", () => {
    expect(humanize("at_risk")).toBe("At risk");
    expect(humanize("high-value")).toBe("High value");
    expect(humanize(null)).toBe(EMPTY);
  });
});

describe("channelLabel", () => {
  it("spells channel codes the way people do", () => {
    expect(channelLabel("pos")).toBe("POS");
    expect(channelLabel("sms")).toBe("SMS");
    expect(channelLabel("online")).toBe("Online");
  });
});
