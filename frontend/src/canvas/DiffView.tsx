import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { List, Tag, Typography } from "antd";
import { useMemo } from "react";
import type { JourneyDocument, NodeType } from "../api/journeys";
import "./canvas.css";
import { documentToCanvas } from "./convert";
import { minimapColor } from "./EditorCanvas";
import { EMPTY_DECORATIONS, DecorationsContext } from "./decorations";
import { diffDocuments } from "./diff";
import { EDGE_TYPES, NODE_TYPES } from "./registry";

interface Props {
  older: JourneyDocument;
  newer: JourneyDocument;
  nodeTypes: NodeType[];
}

const COLORS = { added: "green", removed: "red", changed: "gold", moved: "default" } as const;

/** Two versions on one canvas: the newer graph with removed nodes and edges of the older one ghosted in. */
export function DiffView({ older, newer, nodeTypes }: Props) {
  const diff = useMemo(() => diffDocuments(older, newer), [older, newer]);
  const { nodes, edges } = useMemo(() => {
    const after = documentToCanvas(newer);
    const before = documentToCanvas(older);
    const removedEdges = before.edges
      .filter((e) => diff.edges[`${e.id}~old`] === "removed")
      .map((e) => ({ ...e, id: `${e.id}~old` }));
    return {
      nodes: [...after.nodes, ...before.nodes.filter((n) => diff.nodes[n.id] === "removed")],
      edges: [...after.edges, ...removedEdges],
    };
  }, [older, newer, diff]);
  const decorations = useMemo(
    () => ({ ...EMPTY_DECORATIONS, nodeTypes: new Map(nodeTypes.map((t) => [t.type, t])), diff: diff.nodes, edgeDiff: diff.edges }),
    [nodeTypes, diff],
  );
  const changes = Object.entries(diff.nodes).filter(([, c]) => c !== "same").sort(([a], [b]) => a.localeCompare(b));
  return (
    <DecorationsContext.Provider value={decorations}>
      <div className="editor">
        <div className="editor-toolbar">
          <div className="diff-legend" data-testid="diff-summary">
            <Tag color="green">{diff.counts.added} added</Tag>
            <Tag color="red">{diff.counts.removed} removed</Tag>
            <Tag color="gold">{diff.counts.changed} changed</Tag>
            {diff.settingsChanged ? <Tag color="blue">settings changed</Tag> : null}
          </div>
          <Typography.Text type="secondary">Removed nodes and edges are dashed; changed nodes are yellow.</Typography.Text>
        </div>
        <div className="editor-body">
          <div className="canvas-wrap" data-testid="diff-canvas">
            <ReactFlowProvider>
              <ReactFlow
                nodes={nodes}
                edges={edges}
                nodeTypes={NODE_TYPES}
                edgeTypes={EDGE_TYPES}
                nodesDraggable={false}
                nodesConnectable={false}
                fitView
                fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
                minZoom={0.1}
                proOptions={{ hideAttribution: true }}
              >
                <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#c9d1dc" />
                <Controls showInteractive={false} />
                <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} />
              </ReactFlow>
            </ReactFlowProvider>
          </div>
          <aside className="side-panel">
            <Typography.Title level={5}>Changed nodes</Typography.Title>
            <List
              size="small"
              dataSource={changes}
              locale={{ emptyText: "The two versions have the same nodes." }}
              renderItem={([id, change]) => (
                <List.Item>
                  <span className="mono">{id}</span>
                  <Tag color={COLORS[change as keyof typeof COLORS]}>{change}</Tag>
                </List.Item>
              )}
            />
          </aside>
        </div>
      </div>
    </DecorationsContext.Provider>
  );
}
