import { createContext, useContext } from "react";
import type { NodeType } from "../api/journeys";
import type { EdgeCounters, NodeCounters } from "../live/types";
import type { Violation } from "../api/types";
import type { NodeChange } from "./diff";
import type { ForecastNode } from "../api/forecast";

/** What the canvas draws on top of the journey: problems, live counters, test members, a diff. */
export interface Decorations {
  nodeTypes: Map<string, NodeType>;
  violationsByNode: Map<string, Violation[]>;
  violationsByEdge: Map<string, Violation[]>;
  counters: Record<string, NodeCounters> | null;
  /** Members who left each node by each branch, while the journey runs. */
  edgeCounters?: EdgeCounters | null;
  /** The running version's edges (``edgeKey``) when the canvas shows a newer draft: the only
   *  edges whose counts are drawn. */
  liveEdges?: Set<string> | null;
  testMembers: Record<string, number>;
  diff: Record<string, NodeChange> | null;
  edgeDiff: Record<string, "added" | "removed" | "same"> | null;
  /** Members the last forecast sees reaching each node, while it is shown. */
  forecast?: Record<string, ForecastNode> | null;
}

export const EMPTY_DECORATIONS: Decorations = {
  nodeTypes: new Map(),
  violationsByNode: new Map(),
  violationsByEdge: new Map(),
  counters: null,
  testMembers: {},
  diff: null,
  edgeDiff: null,
};

export const DecorationsContext = createContext<Decorations>(EMPTY_DECORATIONS);

export const useDecorations = () => useContext(DecorationsContext);

/** Violations grouped by the node and the edge they are on. */
export function groupViolations(violations: Violation[]) {
  const byNode = new Map<string, Violation[]>();
  const byEdge = new Map<string, Violation[]>();
  for (const v of violations) {
    if (v.node_id) byNode.set(v.node_id, [...(byNode.get(v.node_id) ?? []), v]);
    if (v.edge_id) byEdge.set(v.edge_id, [...(byEdge.get(v.edge_id) ?? []), v]);
  }
  return { byNode, byEdge };
}
