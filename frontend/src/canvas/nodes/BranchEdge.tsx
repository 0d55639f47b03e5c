import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { formatNumber } from "../../format/format";
import type { CanvasEdge } from "../convert";
import { useDecorations } from "../decorations";
import { edgeKey } from "../useLiveEdges";

/** An edge leaving a node by one of its branches; red when validation found a problem on it.
 *  While the journey runs, a count next to the branch says how many members went this way. */
export const BranchEdge = memo(function BranchEdge(props: EdgeProps<CanvasEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, data } = props;
  const { violationsByEdge, edgeDiff, edgeCounters, liveEdges } = useDecorations();
  const branch = data?.branch ?? props.sourceHandleId ?? "next";
  // On a draft's new or moved edge nobody has gone yet: the counts belong to the running version.
  const ran = !liveEdges || liveEdges.has(edgeKey(source, branch, props.target));
  const passed = edgeCounters && ran ? (edgeCounters[source]?.[branch] ?? 0) : null;
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
  // An arrowhead in the edge's own colour shows which way members go.
  const arrow = `arrow-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <>
      <defs>
        <marker id={arrow} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="12" markerHeight="12" orient="auto-start-reverse" markerUnits="userSpaceOnUse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill={stroke} data-testid={`edge-arrow-${id}`} />
        </marker>
      </defs>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={`url(#${arrow})`}
        style={{ stroke, strokeWidth: selected || problems ? 2.5 : 1.6, strokeDasharray: change === "removed" ? "6 4" : undefined }}
      />
      {passed !== null ? (
        <EdgeLabelRenderer>
          <div
            className={passed ? "edge-count" : "edge-count edge-count-zero"}
            data-testid={`edge-count-${source}-${branch}`}
            title={`${formatNumber(passed)} member${passed === 1 ? "" : "s"} left ${source} by ${branch}`}
            aria-label={`Left by ${branch}: ${passed}`}
            style={{ transform: `translate(0, -50%) translate(${sourceX + 7}px, ${sourceY}px)` }}
          >
            {formatNumber(passed)}
          </div>
        </EdgeLabelRenderer>
      ) : null}
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
