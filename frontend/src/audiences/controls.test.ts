import { describe, expect, it } from "vitest";
import type { KindDescriptor } from "../api/audiences";
import { controlsFor, MODE_KEY, newCondition, setControl } from "./controls";

const COUNT_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "between"];
const profile: KindDescriptor = {
  kind: "profile",
  label: "Profile field",
  fields: [
    { field: "tier", type: "string", operators: ["eq", "ne", "in", "not_in", "is_set"], choices: ["basic", "gold"] },
    { field: "points_balance", type: "number", operators: ["eq", "gte", "between", "in", "is_set"], choices: [] },
    { field: "birthday", type: "date", operators: ["before", "after", "between"], choices: [] },
  ],
};
const orderCount: KindDescriptor = {
  kind: "order_count",
  label: "Number of orders",
  operators: COUNT_OPS,
  fields: [
    { field: "window_days", type: "days", nullable: true },
    { field: "value", type: "number" },
  ],
};
const rfm: KindDescriptor = { kind: "rfm", label: "RFM", segments: ["Champions", "Lost"], scores: ["r", "f", "m"], operators: COUNT_OPS };
const consent: KindDescriptor = {
  kind: "consent",
  label: "Consent",
  fields: [
    { field: "channel", choices: ["email", "sms"] },
    { field: "value", type: "boolean" },
  ],
};
const attribute: KindDescriptor = {
  kind: "attribute",
  label: "Attribute",
  fields: [{ field: "key", type: "string" }],
  types: { string: ["eq", "in"], number: ["gte", "between"] },
};
const inputs = (desc: KindDescriptor, cond: Record<string, unknown>) =>
  controlsFor(desc, { kind: desc.kind, ...cond }).map((c) => `${c.key}:${c.input}`);

describe("inputs from the kind description", () => {
  it("picks operators and value input from the chosen profile field", () => {
    expect(inputs(profile, { field: "tier", op: "eq" })).toEqual(["field:select", "op:select", "value:select"]);
    expect(inputs(profile, { field: "tier", op: "in" })).toEqual(["field:select", "op:select", "value:multiselect"]);
    expect(inputs(profile, { field: "points_balance", op: "between" })).toEqual(["field:select", "op:select", "value:number-range"]);
    expect(inputs(profile, { field: "points_balance", op: "in" })).toEqual(["field:select", "op:select", "value:list"]);
    expect(inputs(profile, { field: "birthday", op: "after" })).toEqual(["field:select", "op:select", "value:date"]);
    expect(inputs(profile, { field: "tier", op: "is_set" })).toEqual(["field:select", "op:select"]);
  });

  it("shows parameters, then operator and value", () => {
    expect(inputs(orderCount, { op: "gte" })).toEqual(["window_days:days", "op:select", "value:number"]);
    expect(inputs(consent, {})).toEqual(["channel:select", "value:boolean"]);
    expect(inputs(attribute, { type: "number", op: "between" })).toEqual(["key:text", "type:select", "op:select", "value:number-range"]);
  });

  it("offers RFM by segment or by score, one at a time", () => {
    expect(inputs(rfm, { segment: ["Lost"] })).toEqual([`${MODE_KEY}:mode`, "segment:multiselect"]);
    expect(inputs(rfm, { score: "r", op: "gte", value: 4 })).toEqual([`${MODE_KEY}:mode`, "score:select", "op:select", "value:number"]);
  });
});

describe("new conditions and edits", () => {
  it("starts a condition with every required input filled", () => {
    expect(newCondition(profile)).toEqual({ kind: "profile", field: "tier", op: "eq", value: "basic" });
    expect(newCondition(orderCount)).toEqual({ kind: "order_count", op: "gte", value: 1 });
    expect(newCondition(rfm)).toEqual({ kind: "rfm", segment: ["Champions"] });
    expect(newCondition(consent)).toEqual({ kind: "consent", channel: "email", value: true });
  });

  it("keeps the value when the operator changes shape", () => {
    const gold = { kind: "profile", field: "tier", op: "eq", value: "gold" };
    const listed = setControl(profile, gold, "op", "in");
    expect(listed).toEqual({ ...gold, op: "in", value: ["gold"] });
    expect(setControl(profile, listed, "op", "ne")).toEqual({ ...gold, op: "ne" });
    expect(setControl(profile, gold, "op", "is_set")).toEqual({ kind: "profile", field: "tier", op: "is_set" });
    const points = { kind: "profile", field: "points_balance", op: "gte", value: 500 };
    expect(setControl(profile, points, "op", "between").value).toEqual([500, 500]);
  });

  it("resets operator and value when the field changes", () => {
    const gold = { kind: "profile", field: "tier", op: "in", value: ["gold"] };
    expect(setControl(profile, gold, "field", "points_balance")).toEqual({ kind: "profile", field: "points_balance", op: "gte", value: 1 });
  });

  it("switches RFM from segment to score and drops what the other way wrote", () => {
    const bySegment = { kind: "rfm", segment: ["Lost"] };
    expect(setControl(rfm, bySegment, MODE_KEY, "score")).toEqual({ kind: "rfm", score: "r", op: "gte", value: 1 });
  });

  it("leaves out an emptied optional input", () => {
    const windowed = { kind: "order_count", window_days: 30, op: "gte", value: 2 };
    expect(setControl(orderCount, windowed, "window_days", undefined)).toEqual({ kind: "order_count", op: "gte", value: 2 });
  });
});
