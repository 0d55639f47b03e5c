import { api } from "../api/client";

/** A coupon a node granted the member. */
export interface PathCoupon {
  node: string;
  code: string;
  status: string;
  at: string;
}

/** A message a send node queued for the member, and what became of it. */
export interface PathMessage {
  node: string;
  channel: string;
  template: string;
  template_name: string | null;
  subject: string | null;
  status: string;
  at: string;
}

/** One logged step: the node (and its label), what happened there, when, and what it gave. */
export interface RunStep {
  node: string;
  label: string;
  outcome: string;
  branch: string | null;
  at: string;
  coupons?: PathCoupon[];
  messages?: PathMessage[];
}

/** One entry of a member into a journey, as GET /api/journeys/<key>/members/<id> answers. */
export interface MemberRun {
  entry_key: string;
  node_id: string;
  node_label?: string;
  status: string;
  due_at: string | null;
  entered_at: string;
  path: [string, string | null][];
  steps?: RunStep[];
  error: string | null;
  test: boolean;
}

export const getMemberPath = (key: string, externalId: string, signal?: AbortSignal) =>
  api.get<{ runs: MemberRun[] }>(
    `/api/journeys/${encodeURIComponent(key)}/members/${encodeURIComponent(externalId)}`,
    signal,
  );

export interface PathStep {
  node: string;
  label: string;
  text: string;
  at: string | null;
  current: boolean;
  coupons: PathCoupon[];
  messages: PathMessage[];
}

const WHERE_NOW: Record<string, string> = {
  active: "is at",
  waiting: "is waiting at",
  waiting_event: "is waiting for an event at",
  parked: "stopped with an error at",
};

const DONE: Record<string, string> = {
  waiting: "waited here",
  exited: "left the journey here",
  completed: "finished the journey here",
  converted: "reached the goal here",
  error: "stopped with an error here",
};

function stepText(outcome: string, branch: string | null): string {
  if (outcome === "passed") {
    return !branch || branch === "next" ? "passed" : `passed by ${branch}`;
  }
  return DONE[outcome] ?? outcome;
}

/** The nodes a member went through, with when, by which branch and what each gave them, then
 *  where they are now. Runs without a step log fall back to the path kept on the run. */
export function pathSteps(run: MemberRun): PathStep[] {
  const steps: PathStep[] = run.steps
    ? run.steps.map((s) => ({
        node: s.node,
        label: s.label,
        text: stepText(s.outcome, s.branch),
        at: s.at,
        current: false,
        coupons: s.coupons ?? [],
        messages: s.messages ?? [],
      }))
    : run.path.map(([node, branch]) => ({
        node,
        label: node,
        text: branch === null ? "left the journey here" : stepText("passed", branch),
        at: null,
        current: false,
        coupons: [],
        messages: [],
      }));
  const now = WHERE_NOW[run.status];
  if (now) {
    const last = steps.at(-1);
    // A member held at a node logged a "waiting" step there: that step is where they are now.
    if (last && last.node === run.node_id && run.steps?.at(-1)?.outcome === "waiting") {
      last.text = now;
      last.current = true;
    } else {
      steps.push({
        node: run.node_id,
        label: run.node_label ?? run.node_id,
        text: now,
        at: null,
        current: true,
        coupons: [],
        messages: [],
      });
    }
  }
  return steps;
}
