import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNode } from "../convert";
import { NodeShell } from "./NodeShell";

/** Action nodes (the "action" palette group): coupons, points, tags, messages, webhooks. */
export const ActionNode = memo(function ActionNode({ id, data, selected }: NodeProps<CanvasNode>) {
  return <NodeShell id={id} data={data} selected={selected} group="action" />;
});
