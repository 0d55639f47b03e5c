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

/** What became of the messages a send node queued, as the delivery dispatcher decided. */
const MESSAGES: { name: CounterName; label: string; tone: CounterBadge["tone"] }[] = [
  { name: "messages_sent", label: "Sent", tone: "success" },
  { name: "messages_deferred", label: "Deferred", tone: "processing" },
  { name: "messages_suppressed", label: "Suppressed", tone: "default" },
  { name: "messages_failed", label: "Failed", tone: "error" },
];

/** True when a node queued messages (a send node that members have reached). */
export function hasMessages(counters: NodeCounters | undefined): boolean {
  return Boolean(counters?.messages_queued || MESSAGES.some((c) => counters?.[c.name]));
}

/** Message outcomes of a send node: sent, deferred and suppressed always, failed when any. */
export function messageBadges(counters: NodeCounters | undefined): CounterBadge[] {
  return MESSAGES.map((c) => ({ ...c, value: counters?.[c.name] ?? 0 })).filter(
    (b) => b.value || b.name !== "messages_failed",
  );
}

/** The badges of one node: every flow counter, then the action counters it has, then (with
 *  `messages`) what became of its messages. */
export function counterBadges(counters: NodeCounters | undefined, { messages = true } = {}): CounterBadge[] {
  const flow = FLOW.map((c) => ({ ...c, value: counters?.[c.name] ?? 0 }));
  const actions = ACTIONS.filter((c) => counters?.[c.name]).map((c) => ({
    ...c,
    value: counters?.[c.name] ?? 0,
    tone: "warning" as const,
  }));
  return [...flow, ...actions, ...(messages && hasMessages(counters) ? messageBadges(counters) : [])];
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
