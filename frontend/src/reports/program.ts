import type { ProgramReport } from "../api/program";
import { formatRate, formatSignedCurrency } from "./figures";

/** What the program section can show: the comparison, or why not. */
export type ProgramState = "no-control-group" | "no-entrants" | "no-control-members" | "ready";

/** Whether there is a control group to compare with and members on both sides in the period.
 * A group switched off now still compares a period in which it held members out. */
export function programState(report: ProgramReport): ProgramState {
  const controlled = report.control?.members ?? 0;
  if (report.control_group_percent <= 0 && controlled === 0) return "no-control-group";
  if (!report.treatment || !report.control) return "no-entrants";
  if (controlled === 0) return "no-control-members";
  return "ready";
}

/** 5 → "5%", 2.5 → "2.5%". */
export function formatShare(percent: number): string {
  return formatRate(percent / 100);
}

/** What an admin confirms before changing the share. */
export function controlGroupChange(from: number, to: number): { title: string; content: string } {
  if (to <= 0) {
    return {
      title: "Switch the global control group off?",
      content:
        "From now on no member is held out: every journey acts on every member it reaches. Members held out so far stay out of the journeys they were held out of.",
    };
  }
  const verb = from <= 0 ? "Hold out" : `Change the control group from ${formatShare(from)} to`;
  return {
    title: `${verb} ${formatShare(to)} of members?`,
    content: `Members in the control group (${formatShare(to)} of all members, chosen by a stable hash of their id) will be held out of every journey from now on: they enter and leave at once, and nothing is sent or granted to them. Journeys they already went through are not changed.`,
  };
}

/** The sentence under the incremental amount: how many members the figure is for. */
export function incrementalNote(report: ProgramReport): string {
  const treated = report.treatment?.members ?? 0;
  const perMember = report.paid_per_member_lift?.absolute;
  const each = perMember === null || perMember === undefined ? "" : ` (${formatSignedCurrency(perMember)} each)`;
  return `${treated.toLocaleString("en-US")} members the journeys acted on${each}`;
}
