import { describe, expect, it } from "vitest";
import type { ProgramReport } from "../api/program";
import type { GroupFigures } from "../api/reports";
import { controlGroupChange, formatShare, incrementalNote, programState } from "./program";

const group = (members: number): GroupFigures => ({
  members,
  paying_members: Math.floor(members / 2),
  conversion_rate: members ? 0.5 : null,
  paid_amount: members * 10,
  paid_per_member: members ? 10 : null,
});

const report = (percent: number, treatment: number | null, control: number | null): ProgramReport => ({
  control_group_percent: percent,
  from: null,
  to: "2026-03-20T00:00:00+00:00",
  treatment: treatment === null ? null : group(treatment),
  control: control === null ? null : group(control),
  conversion_lift: null,
  paid_per_member_lift:
    treatment === null ? null : { absolute: 12.345, absolute_ci95: [1, 20], relative: 0.2, relative_ci95: [0.01, 0.4] },
  incremental_paid_amount: null,
  credited_orders: 0,
});

describe("programState", () => {
  it("asks for a control group when there is none and none was ever held out", () => {
    expect(programState(report(0, 120, 0))).toBe("no-control-group");
    expect(programState(report(0, null, null))).toBe("no-control-group");
  });
  it("says nobody entered when the comparison is missing", () => {
    expect(programState(report(5, null, null))).toBe("no-entrants");
  });
  it("says when the group holds nobody in the period", () => {
    expect(programState(report(5, 120, 0))).toBe("no-control-members");
  });
  it("compares when both sides have members, even after the group was switched off", () => {
    expect(programState(report(5, 120, 8))).toBe("ready");
    expect(programState(report(0, 120, 8))).toBe("ready");
  });
});

describe("formatShare", () => {
  it("writes percentages without a needless decimal", () => {
    expect(formatShare(5)).toBe("5%");
    expect(formatShare(2.5)).toBe("2.5%");
    expect(formatShare(50)).toBe("50%");
  });
});

describe("controlGroupChange", () => {
  it("says members will be held out of every journey from now on", () => {
    const change = controlGroupChange(0, 5);
    expect(change.title).toBe("Hold out 5% of members?");
    expect(change.content).toContain("held out of every journey from now on");
  });
  it("names the old and new share when changing it", () => {
    expect(controlGroupChange(5, 10).title).toBe("Change the control group from 5% to 10% of members?");
  });
  it("says what switching it off means", () => {
    expect(controlGroupChange(5, 0).title).toBe("Switch the global control group off?");
  });
});

describe("incrementalNote", () => {
  it("names the members the amount is for and the difference per member", () => {
    expect(incrementalNote(report(5, 1200, 60))).toBe("1,200 members the journeys acted on (+¥12.35 each)");
  });
});
