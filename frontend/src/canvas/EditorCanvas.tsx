import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, type Node } from "@xyflow/react";
import { useCallback, useEffect, useState, type DragEvent, type KeyboardEvent } from "react";
import type { NodeType } from "../api/journeys";
import type { CanvasEdge, CanvasNode } from "./convert";
import { DRAG_MIME } from "./Palette";
import { EDGE_TYPES, NODE_TYPES } from "./registry";
import type { EditorState } from "./useEditorState";

export const GRID = 20;

const MINIMAP_COLORS: Record<string, string> = { entry: "#52c41a", flow: "#1677ff", action: "#fa8c16" };
export const minimapColor = (node: Node) => MINIMAP_COLORS[node.type ?? ""] ?? "#8c8c8c";

interface Props {
  editor: EditorState;
  nodeTypes: Map<string, NodeType>;
  readOnly: boolean;
  onSelectionChange: (nodeId: string | null) => void;
}

const typing = (target: EventTarget) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** The React Flow canvas: drop from the palette, connect branches, select, copy/paste, undo/redo. */
export function EditorCanvas({ editor, nodeTypes, readOnly, onSelectionChange }: Props) {
  const flow = useReactFlow();
  // Fitting an empty canvas would zoom onto the first dropped node; start at 100% instead.
  const [startEmpty] = useState(() => editor.nodes.length === 0);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const type = nodeTypes.get(event.dataTransfer.getData(DRAG_MIME));
      if (!type || readOnly) return;
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const position = { x: Math.round((point.x - 100) / GRID) * GRID, y: Math.round((point.y - 30) / GRID) * GRID };
      onSelectionChange(editor.addNode(type.type, position, type.default_config));
    },
    [editor, flow, nodeTypes, readOnly, onSelectionChange],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (readOnly || typing(event.target)) return;
      const mod = event.metaKey || event.ctrlKey;
      if (!mod) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) editor.undo();
      else if ((key === "z" && event.shiftKey) || key === "y") editor.redo();
      else if (key === "c") editor.copy();
      else if (key === "v") editor.paste();
      else return;
      event.preventDefault();
    },
    [editor, readOnly],
  );

  // Deleting the focused node takes the focus with it (to the page body): keys pressed next,
  // Ctrl+Z first of all, still belong to the canvas.
  useEffect(() => {
    const orphan = (event: globalThis.KeyboardEvent) => {
      if (document.activeElement === document.body || document.activeElement === null) {
        onKeyDown(event as unknown as KeyboardEvent);
      }
    };
    window.addEventListener("keydown", orphan);
    return () => window.removeEventListener("keydown", orphan);
  }, [onKeyDown]);

  const selectionChanged = useCallback(
    ({ nodes }: { nodes: Node[] }) => onSelectionChange(nodes.length === 1 ? nodes[0]!.id : null),
    [onSelectionChange],
  );

  return (
    <div className="canvas-wrap" onKeyDown={onKeyDown} tabIndex={-1} data-testid="canvas">
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={editor.nodes}
        edges={editor.edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={editor.onNodesChange}
        onEdgesChange={editor.onEdgesChange}
        onConnect={editor.onConnect}
        onNodeDragStart={editor.checkpoint}
        onSelectionDragStart={editor.checkpoint}
        onSelectionChange={selectionChanged}
        onDrop={onDrop}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = "move";
        }}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
        multiSelectionKeyCode={["Meta", "Control", "Shift"]}
        selectionKeyCode="Shift"
        snapToGrid
        snapGrid={[GRID, GRID]}
        minZoom={0.1}
        maxZoom={2}
        fitView={!startEmpty}
        defaultViewport={{ x: 40, y: 40, zoom: 1 }}
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: "branch" }}
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID} size={1.2} color="#c9d1dc" />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} />
      </ReactFlow>
    </div>
  );
}
