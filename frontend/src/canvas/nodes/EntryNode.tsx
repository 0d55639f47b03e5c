import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasNode } from "../convert";
import { NodeShell } from "./NodeShell";

/** Entry nodes (the "entry" palette group): who enters; nothing leads into them. */
export const EntryNode = memo(function EntryNode({ id, data, selected }: NodeProps<CanvasNode>) {
  return <NodeShell id={id} data={data} selected={selected} group="entry" />;
});
