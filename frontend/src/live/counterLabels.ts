import type { CounterName, NodeCounters } from "./types";

export interface CounterBadge {
  name: CounterName;
  label: string;
  value: number;
  tone: "default" | "processing" | "success" | "warning" | "error";
}

/** Flow counters, always shown, in the order a member meets them. */
const FLOW: { name: CounterName; label: string; tone: CounterBadge["tone"] }[] = [
  { name: "entered", label: "Entered", tone: "default" },
  { name: "waiting", label: "Waiting now", tone: "processing" },
  { name: "passed", label: "Passed", tone: "default" },
  { name: "exited", label: "Exited", tone: "default" },
  { name: "converted", label: "Converted", tone: "success" },
  { name: "errors", label: "Errors", tone: "error" },
];

/** Action counters, shown only on nodes that have them. */
const ACTIONS: { name: CounterName; label: string }[] = [
  { name: "messages_queued", label: "Messages queued" },
  { name: "coupons_granted", label: "Coupons granted" },
  { name: "points_awarded", label: "Points awarded" },
  { name: "webhooks_queued", label: "Webhooks queued" },
];

/** The badges of one node: every flow counter, then the action counters it has. */
export function counterBadges(counters: NodeCounters | undefined): CounterBadge[] {
  const flow = FLOW.map((c) => ({ ...c, value: counters?.[c.name] ?? 0 }));
  const actions = ACTIONS.filter((c) => counters?.[c.name]).map((c) => ({
    ...c,
    value: counters?.[c.name] ?? 0,
    tone: "warning" as const,
  }));
  return [...flow, ...actions];
}

const OUTCOMES: Record<string, string> = {
  passed: "passed",
  waiting: "is waiting at",
  exited: "left at",
  completed: "finished at",
  converted: "converted at",
  error: "stopped with an error at",
};

/** A feed line's verb: "passed", "is waiting at" … */
export function outcomeText(outcome: string): string {
  return OUTCOMES[outcome] ?? outcome;
}
