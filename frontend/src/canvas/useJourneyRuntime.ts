import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { getCounters, listTestRuns, pauseJourney, publishJourney, resumeJourney, startTestRun } from "../api/journeys";
import { useJourneyLive } from "../live/useJourneyLive";
import type { EdgeCounters, NodeCounters } from "../live/types";

const RUNNING = new Set(["published", "paused"]);
const LIVE = new Set(["active", "waiting", "waiting_event"]);

/**
 * The running side of a journey in the editor: live counters per node and per edge (Socket.IO,
 * with the counters route as the first snapshot until the socket has joined), test runs polled each
 * second while test mode is open, and publish / pause / resume.
 */
export function useJourneyRuntime(key: string, status: string, testing: boolean, flush: () => Promise<boolean>) {
  const client = useQueryClient();
  const running = RUNNING.has(status);
  const live = useJourneyLive(running ? key : "");
  const snapshot = useQuery({
    queryKey: ["journey-counters", key],
    enabled: running,
    queryFn: ({ signal }) => getCounters(key, signal),
  });
  const counters: Record<string, NodeCounters> | null = useMemo(() => {
    if (!running) return null;
    const fromSocket = live.connected && Object.keys(live.counters).length ? live.counters : null;
    return fromSocket ?? snapshot.data?.nodes ?? {};
  }, [running, live.connected, live.counters, snapshot.data]);
  const edgeCounters: EdgeCounters | null = useMemo(() => {
    if (!running) return null;
    return live.connected ? live.edges : (snapshot.data?.edges ?? null);
  }, [running, live.connected, live.edges, snapshot.data]);

  const testRuns = useQuery({
    queryKey: ["test-runs", key],
    enabled: testing,
    refetchInterval: testing ? 1000 : false,
    queryFn: ({ signal }) => listTestRuns(key, signal).then((d) => d.runs),
  });
  const testMembers = useMemo(() => {
    const at: Record<string, number> = {};
    if (!testing) return at;
    for (const run of testRuns.data ?? []) {
      if (LIVE.has(run.status)) at[run.node_id] = (at[run.node_id] ?? 0) + 1;
    }
    return at;
  }, [testRuns.data, testing]);

  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["journey", key] });
    void client.invalidateQueries({ queryKey: ["journeys"] });
    void client.invalidateQueries({ queryKey: ["journey-counters", key] });
  };
  const saved = async () => {
    if (!(await flush())) throw new Error("The draft could not be saved; see the save status.");
  };
  const publish = useMutation({
    mutationFn: async (move?: { nodeMapping: Record<string, string> }) => {
      await saved();
      return publishJourney(key, Boolean(move), move?.nodeMapping ?? {});
    },
    onSuccess: refresh,
  });
  const pause = useMutation({ mutationFn: () => pauseJourney(key), onSuccess: refresh });
  const resume = useMutation({ mutationFn: () => resumeJourney(key), onSuccess: refresh });
  const runTest = useMutation({
    mutationFn: async (ids: string[]) => {
      await saved();
      return startTestRun(key, { member_external_ids: ids });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ["test-runs", key] }),
  });

  return { counters, edgeCounters, live, testRuns, testMembers, publish, pause, resume, runTest, refresh };
}
