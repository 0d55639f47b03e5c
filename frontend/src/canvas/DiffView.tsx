import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import type { JourneyDocument, NodeType } from "../api/journeys";
import "./canvas.css";
import { documentToCanvas } from "./convert";
import { minimapColor } from "./EditorCanvas";
import { EMPTY_DECORATIONS, DecorationsContext } from "./decorations";
import { diffDocuments } from "./diff";
import { DiffList } from "./DiffList";
import { NODE_WIDTH } from "./layout";
import { EDGE_TYPES, NODE_TYPES } from "./registry";

interface Props {
  older: JourneyDocument;
  newer: JourneyDocument;
  nodeTypes: NodeType[];
}


/** Two versions on one canvas: the newer graph with removed nodes and edges of the older one
 *  ghosted in, and beside it the list of changes (click one to see its node). */
export function DiffView(props: Props) {
  return (
    <ReactFlowProvider>
      <DiffCanvas {...props} />
    </ReactFlowProvider>
  );
}

function DiffCanvas({ older, newer, nodeTypes }: Props) {
  const flow = useReactFlow();
  const [focused, setFocused] = useState<string | null>(null);
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
  const focusNode = (id: string) => {
    const node = nodes.find((n) => n.id === id);
    if (!node) return;
    setFocused(id);
    void flow.setCenter(node.position.x + NODE_WIDTH / 2, node.position.y + 40, { zoom: 1, duration: 300 });
  };
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
              <ReactFlow
                nodes={focused ? nodes.map((n) => (n.id === focused ? { ...n, selected: true } : n)) : nodes}
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
          </div>
          <aside className="side-panel">
            <DiffList older={older} newer={newer} diff={diff} onFocus={focusNode} />
          </aside>
        </div>
      </div>
    </DecorationsContext.Provider>
  );
}
