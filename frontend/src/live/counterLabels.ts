import type { CounterName, NodeCounters } from "./types";

export interface CounterBadge {
  name: CounterName;
  label: string;
  /** The word under the number on a canvas node, where room is short. */
  short?: string;
  value: number;
  tone: "default" | "processing" | "success" | "warning" | "error";
}

/** Flow counters, always shown, in the order a member meets them. */
const FLOW: { name: CounterName; label: string; short: string; tone: CounterBadge["tone"] }[] = [
  { name: "entered", label: "Entered", short: "entered", tone: "default" },
  { name: "waiting", label: "Waiting now", short: "waiting", tone: "processing" },
  { name: "passed", label: "Passed", short: "passed", tone: "default" },
  { name: "exited", label: "Exited", short: "exited", tone: "default" },
  { name: "converted", label: "Converted", short: "converted", tone: "success" },
  { name: "errors", label: "Errors", short: "errors", tone: "error" },
];

/** Flow counters a canvas node shows even at zero; the others only once they count. */
const ALWAYS_ON_NODE = new Set<CounterName>(["entered", "waiting", "passed"]);

/** Action counters, shown only on nodes that have them. */
const ACTIONS: { name: CounterName; label: string; short: string }[] = [
  { name: "messages_queued", label: "Messages queued", short: "queued" },
  { name: "coupons_granted", label: "Coupons granted", short: "coupons" },
  { name: "points_awarded", label: "Points awarded", short: "points" },
  { name: "webhooks_queued", label: "Webhooks queued", short: "webhooks" },
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

/** The badges a canvas node shows: entered, waiting and passed always, the other flow
 *  counters once they count, then the action counters it has. */
export function nodeBadges(counters: NodeCounters | undefined): CounterBadge[] {
  return counterBadges(counters, { messages: false }).filter((b) => b.value || ALWAYS_ON_NODE.has(b.name));
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
