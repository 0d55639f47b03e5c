import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasEdge } from "../convert";
import { useDecorations } from "../decorations";

/** An edge leaving a node by one of its branches; red when validation found a problem on it. */
export const BranchEdge = memo(function BranchEdge(props: EdgeProps<CanvasEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } = props;
  const { violationsByEdge, edgeDiff } = useDecorations();
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10, offset: 16 });
  const problems = violationsByEdge.get(id);
  const change = edgeDiff?.[id];
  const stroke = problems
    ? "#ff4d4f"
    : change === "added"
      ? "#52c41a"
      : change === "removed"
        ? "#ff7875"
        : selected
          ? "#1677ff"
          : "#9aa4b2";
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke, strokeWidth: selected || problems ? 2.5 : 1.6, strokeDasharray: change === "removed" ? "6 4" : undefined }}
      />
      {problems ? (
        <EdgeLabelRenderer>
          <div
            className="edge-problem"
            title={problems.map((p) => p.message).join(" ")}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            !
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
