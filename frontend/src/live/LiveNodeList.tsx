import { Typography } from "antd";
import { EmptyState } from "../components/EmptyState";
import { type LiveNode, nodeName } from "./journeyNodes";
import { NodeCounters } from "./NodeCounters";
import { formatNumber } from "../format/format";
import type { NodeCounters as Counters, EdgeCounters } from "./types";

/** How many left a split by each branch (a node with only `next` says it with "Passed"). */
function BranchCounts({ branches }: { branches: Record<string, number> | undefined }) {
  const entries = Object.entries(branches ?? {}).sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
  if (!entries.some(([branch]) => branch !== "next")) {
    return null;
  }
  return (
    <div className="live-node-edges" data-testid="node-edges">
      <span>Left by</span>
      {entries.map(([branch, count]) => (
        <span key={branch} aria-label={`Left by ${branch}: ${count}`}>
          <span className="live-node-edge-branch">{branch}</span>
          <span className="live-badge-value">{formatNumber(count)}</span>
        </span>
      ))}
    </div>
  );
}

/** Every node members have reached, with its live counters (and, on splits, how many left by
 *  each branch), in the journey's node order. */
export function LiveNodeList({
  counters,
  edges = {},
  nodes = [],
  typeNames = {},
}: {
  counters: Record<string, Counters>;
  edges?: EdgeCounters;
  nodes?: LiveNode[];
  /** What each node type is called in the palette ("Send message" …). */
  typeNames?: Record<string, string>;
}) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ids = [
    ...nodes.map((n) => n.id).filter((id) => id in counters),
    ...Object.keys(counters).filter((id) => !byId.has(id)),
  ];
  if (!ids.length) {
    return <EmptyState title="No members yet" description="Counters appear here as soon as members enter the journey." />;
  }
  return (
    <div data-testid="live-node-list">
      {ids.map((id) => {
        const node = byId.get(id);
        return (
          <div className="live-node-row" key={id} data-node={id}>
            <div className="live-node-name">
              <div>{nodeName(node, id)}</div>
              {node ? (
                <Typography.Text type="secondary" className="live-node-type">
                  {typeNames[node.type] ?? ""}
                </Typography.Text>
              ) : null}
            </div>
            <div>
              <NodeCounters counters={counters[id]} />
              <BranchCounts branches={edges[id]} />
            </div>
          </div>
        );
      })}
    </div>
  );
}
