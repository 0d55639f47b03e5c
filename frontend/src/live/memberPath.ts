import { api } from "../api/client";

/** One entry of a member into a journey, as GET /api/journeys/<key>/members/<id> answers. */
export interface MemberRun {
  entry_key: string;
  node_id: string;
  status: string;
  due_at: string | null;
  entered_at: string;
  path: [string, string | null][];
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
  text: string;
  current: boolean;
}

const WHERE_NOW: Record<string, string> = {
  active: "is at",
  waiting: "is waiting at",
  waiting_event: "is waiting for an event at",
  parked: "stopped with an error at",
};

/** The nodes a member went through, by which branch, then where they are now. */
export function pathSteps(run: MemberRun): PathStep[] {
  const steps: PathStep[] = run.path.map(([node, branch]) => ({
    node,
    text: branch === null ? "left the journey here" : branch === "next" ? "passed" : `passed by ${branch}`,
    current: false,
  }));
  const now = WHERE_NOW[run.status];
  if (now) {
    steps.push({ node: run.node_id, text: now, current: true });
  }
  return steps;
}
