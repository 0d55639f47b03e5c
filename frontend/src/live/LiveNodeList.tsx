import { Typography } from "antd";
import { EmptyState } from "../components/EmptyState";
import { type LiveNode, nodeName } from "./journeyNodes";
import { NodeCounters } from "./NodeCounters";
import type { NodeCounters as Counters } from "./types";

/** Every node members have reached, with its live counters, in the journey's node order. */
export function LiveNodeList({ counters, nodes = [] }: { counters: Record<string, Counters>; nodes?: LiveNode[] }) {
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
                <Typography.Text type="secondary" className="mono live-node-type">
                  {node.type}
                </Typography.Text>
              ) : null}
            </div>
            <NodeCounters counters={counters[id]} />
          </div>
        );
      })}
    </div>
  );
}
