import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { getVersion, type VersionInfo } from "../api/journeys";

/** One edge of a journey by where it leaves, by which branch, and where it goes. */
export function edgeKey(source: string, branch: string, target: string): string {
  return `${source}\u0000${branch}\u0000${target}`;
}

/**
 * The edges of the published version, when the canvas shows a newer draft: only those carry the
 * live counts (members went that way in the running version); an edge the draft added or moved
 * has had nobody on it. ``null`` when the canvas shows the published version itself, and an
 * empty set while its edges load.
 */
export function useLiveEdges(key: string, versions: VersionInfo[], running: boolean): Set<string> | null {
  const live = versions.find((v) => v.status === "published");
  const shown = versions.at(-1);
  const differs = running && live !== undefined && shown !== undefined && shown.number !== live.number;
  const version = useQuery({
    queryKey: ["journey-version", key, live?.number],
    enabled: differs,
    staleTime: Infinity,
    queryFn: ({ signal }) => getVersion(key, live!.number, signal),
  });
  return useMemo(() => {
    if (!differs) return null;
    const edges = version.data?.version.document.edges ?? [];
    return new Set(edges.map((e) => edgeKey(e.source, e.branch ?? "next", e.target)));
  }, [differs, version.data]);
}
