import { ExclamationCircleFilled, UserOutlined } from "@ant-design/icons";
import { Handle, Position } from "@xyflow/react";
import { Tooltip } from "antd";
import { branchesOf } from "../branches";
import type { JourneyNodeData, NodeGroup } from "../convert";
import { useDecorations } from "../decorations";
import { NodeIcon } from "../icons";
import { summarize } from "../summary";
import { NodeCounters } from "../../live/NodeCounters";
import { ForecastBadge } from "../../forecast/ForecastBadge";

interface Props {
  id: string;
  data: JourneyNodeData;
  selected: boolean;
  group: NodeGroup;
}

/** The card every journey node is drawn as: icon, label, config summary, problems, counters, branch handles. */
export function NodeShell({ id, data, selected, group }: Props) {
  const { nodeTypes, violationsByNode, counters, testMembers, diff, forecast } = useDecorations();
  const nodeType = nodeTypes.get(data.type);
  const problems = violationsByNode.get(id) ?? [];
  const errors = problems.filter((v) => v.severity === "error").length;
  const branches = branchesOf(nodeType, data.type, data.config);
  const change = diff?.[id];
  const classes = [
    "jn",
    `jn-${group}`,
    selected ? "jn-selected" : "",
    problems.length ? (errors ? "jn-error" : "jn-warning") : "",
    change && change !== "same" ? `jn-diff-${change}` : "",
  ].join(" ");
  const summary = summarize(data.type, data.config);
  const tested = testMembers[id] ?? 0;
  return (
    <div className={classes} data-testid={`node-${id}`}>
      {group !== "entry" ? <Handle type="target" position={Position.Left} className="jn-handle" /> : null}
      <div className="jn-head">
        <span className="jn-icon">
          <NodeIcon name={nodeType?.icon} />
        </span>
        <div className="jn-titles">
          <div className="jn-label">{data.label || nodeType?.label || data.type}</div>
          <div className="jn-type">
            {nodeType?.label ?? data.type} · <span className="mono">{id}</span>
          </div>
        </div>
        {problems.length ? (
          <Tooltip title={problems.map((p) => p.message).join(" ")}>
            <span className={errors ? "jn-problem" : "jn-problem jn-problem-warn"} data-testid={`node-problems-${id}`}>
              <ExclamationCircleFilled /> {problems.length}
            </span>
          </Tooltip>
        ) : null}
      </div>
      {summary ? <div className="jn-summary">{summary}</div> : null}
      {change && change !== "same" ? <div className={`jn-change jn-change-${change}`}>{change}</div> : null}
      {counters ? <NodeCounters counters={counters[id]} compact /> : null}
      {forecast?.[id] ? <ForecastBadge figures={forecast[id]} /> : null}
      {tested ? (
        <div className="jn-test" data-testid={`node-test-${id}`}>
          <UserOutlined /> {tested} test member{tested === 1 ? "" : "s"} here
        </div>
      ) : null}
      {branches.length === 1 && branches[0] === "next" ? (
        <Handle type="source" id="next" position={Position.Right} className="jn-handle" />
      ) : branches.length ? (
        <div className="jn-branches">
          {branches.map((branch) => (
            <div key={branch} className="jn-branch">
              <span className="jn-branch-label">{branch}</span>
              <Handle type="source" id={branch} position={Position.Right} className="jn-handle" />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
