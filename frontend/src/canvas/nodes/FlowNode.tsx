import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNode } from "../convert";
import { NodeShell } from "./NodeShell";

/** Flow nodes (the "flow" palette group): waits, splits and the exit. */
export const FlowNode = memo(function FlowNode({ id, data, selected }: NodeProps<CanvasNode>) {
  return <NodeShell id={id} data={data} selected={selected} group="flow" />;
});
