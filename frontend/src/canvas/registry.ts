import type { EdgeTypes, NodeTypes } from "@xyflow/react";
import { ActionNode } from "./nodes/ActionNode";
import { BranchEdge } from "./nodes/BranchEdge";
import { EntryNode } from "./nodes/EntryNode";
import { FlowNode } from "./nodes/FlowNode";

/** React Flow node components by palette group; declared once so React Flow never re-mounts them. */
export const NODE_TYPES: NodeTypes = { entry: EntryNode, flow: FlowNode, action: ActionNode };

export const EDGE_TYPES: EdgeTypes = { branch: BranchEdge };
