import "./experiments.css";
import { Alert, Progress, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ExperimentPanel as Experiment } from "../api/reports";
import { formatDateTime, formatNumber } from "../format/format";
import {
  countLabel,
  experimentRows,
  experimentState,
  formatCount,
  formatDifference,
  formatEstimate,
  formatPValue,
  methodSentence,
  progressPercent,
  progressSentence,
  liftText,
  showsAdjusted,
  STATE_TAGS,
  variantLabel,
  type ExperimentRow,
} from "./experiments";
import { formatInterval } from "./figures";

const ALERT_TYPE = { not_started: "info", testing: "info", decided: "success", not_significant: "warning" } as const;

function Figure({ field, children, hint }: { field: string; children: string; hint?: string }) {
  return (
    <div>
      <span className="exp-figure" data-field={field}>
        {children}
      </span>
      {hint ? (
        <div className="exp-hint" data-field={`${field}-ci`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

function ArmName({ row }: { row: ExperimentRow }) {
  return (
    <Space size={6} wrap>
      <span className="exp-arm">{row.label}</span>
      {row.label !== row.key ? <span className="mono muted">{row.key}</span> : null}
      {row.control ? <Tag>control</Tag> : null}
      {row.winner ? <Tag color="success">winner</Tag> : null}
    </Space>
  );
}

function columns(panel: Experiment): ColumnsType<ExperimentRow> {
  const control = experimentRows(panel)[0]?.arm.estimate ?? null;
  const diff = (v: number | null) => formatDifference(panel, v);
  const est = (v: number | null) => formatEstimate(panel, v);
  const cols: ColumnsType<ExperimentRow> = [
    { title: "Arm", key: "arm", render: (_, row) => <ArmName row={row} /> },
    { title: "Members", key: "members", align: "right", render: (_, row) => <Figure field="members">{formatNumber(row.arm.members)}</Figure> },
    { title: countLabel(panel), key: "count", align: "right", render: (_, row) => <Figure field="count">{formatCount(panel, row.arm)}</Figure> },
    {
      title: panel.kind === "rate" ? "Rate (95% CI)" : "Per member (95% CI)",
      key: "estimate",
      align: "right",
      render: (_, row) => (
        <Figure field="estimate" hint={formatInterval(row.arm.ci95, est)}>
          {est(row.arm.estimate)}
        </Figure>
      ),
    },
    {
      title: "Lift vs control (95% CI)",
      key: "lift",
      align: "right",
      render: (_, row) =>
        row.comparison ? (
          <Figure field="lift" hint={formatInterval(row.comparison.ci95, diff)}>
            {liftText(panel, row.comparison.difference, control)}
          </Figure>
        ) : (
          <span className="muted">baseline</span>
        ),
    },
    {
      title: "p-value",
      key: "p",
      align: "right",
      render: (_, row) => (row.comparison ? <Figure field="p">{formatPValue(row.comparison.p_value)}</Figure> : null),
    },
  ];
  if (showsAdjusted(panel)) {
    cols.push({
      title: "Holm p",
      key: "p_adjusted",
      align: "right",
      render: (_, row) => (row.comparison ? <Figure field="p-adjusted">{formatPValue(row.comparison.p_adjusted)}</Figure> : null),
    });
  }
  return cols;
}

/** The arms stacked, for the canvas's narrow side panel. */
function ArmList({ panel }: { panel: Experiment }) {
  const rows = experimentRows(panel);
  const control = rows[0]?.arm.estimate ?? null;
  const est = (v: number | null) => formatEstimate(panel, v);
  const diff = (v: number | null) => formatDifference(panel, v);
  return (
    <div className="exp-arm-list">
      {rows.map((row) => (
        <div key={row.key} className="exp-arm-item" data-arm={row.key}>
          <ArmName row={row} />
          <div className="exp-arm-grid">
            <span className="muted">Members</span>
            <Figure field="members">{formatNumber(row.arm.members)}</Figure>
            <span className="muted">{countLabel(panel)}</span>
            <Figure field="count">{formatCount(panel, row.arm)}</Figure>
            <span className="muted">{panel.kind === "rate" ? "Rate" : "Per member"}</span>
            <Figure field="estimate" hint={formatInterval(row.arm.ci95, est)}>
              {est(row.arm.estimate)}
            </Figure>
            {row.comparison ? (
              <>
                <span className="muted">Lift vs control</span>
                <Figure field="lift" hint={formatInterval(row.comparison.ci95, diff)}>
                  {liftText(panel, row.comparison.difference, control)}
                </Figure>
                <span className="muted">p-value</span>
                <Figure field="p">{formatPValue(row.comparison.p_value)}</Figure>
                {showsAdjusted(panel) ? (
                  <>
                    <span className="muted">Holm p</span>
                    <Figure field="p-adjusted">{formatPValue(row.comparison.p_adjusted)}</Figure>
                  </>
                ) : null}
              </>
            ) : null}
          </div>
        </div>
      ))}
    </div>
  );
}

/** An experiment node's arms, lifts against the control, p-values, progress towards the
 * minimum sample, and the decision with the sentence that explains it. `compact` stacks the
 * arms for the canvas's side panel. */
export function ExperimentPanel({ panel, compact = false }: { panel: Experiment; compact?: boolean }) {
  const state = experimentState(panel);
  const tag = STATE_TAGS[state];
  const percent = progressPercent(panel.progress);
  return (
    <div className={`exp-panel${compact ? " exp-compact" : ""}`} data-testid={`experiment-${panel.node_id}`} data-state={state}>
      <div className="exp-head">
        <Space size={8} wrap>
          <Typography.Text strong>{panel.label}</Typography.Text>
          <Tag color={tag.color} data-testid="experiment-status">
            {tag.label}
          </Tag>
          {panel.winner ? (
            <Tag color={panel.significant ? "success" : "default"} data-testid="experiment-winner">
              {panel.significant ? `Winner: ${variantLabel(panel, panel.winner)}` : `The rest follow ${variantLabel(panel, panel.winner)}`}
            </Tag>
          ) : null}
        </Space>
        <div className="muted exp-method">{methodSentence(panel)}</div>
      </div>
      <Alert
        className="exp-decision"
        type={ALERT_TYPE[state]}
        showIcon
        data-testid="experiment-reason"
        message={panel.reason ?? "No decision yet."}
      />
      <div className="exp-progress" data-testid="experiment-progress" data-percent={percent}>
        <Progress percent={percent} size="small" status={percent >= 100 ? "success" : "active"} />
        <div className="muted exp-hint">{progressSentence(panel)}</div>
      </div>
      {compact ? (
        <ArmList panel={panel} />
      ) : (
        <Table<ExperimentRow>
          size="small"
          rowKey="key"
          pagination={false}
          columns={columns(panel)}
          dataSource={experimentRows(panel)}
          onRow={(row) => ({ "data-arm": row.key }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
      <div className="muted exp-dates">
        {panel.started_at ? `Started ${formatDateTime(panel.started_at)}` : "Not started: no member has reached the node"}
        {panel.decided_at
          ? ` · decided ${formatDateTime(panel.decided_at)}`
          : panel.decide_at
            ? ` · decides by ${formatDateTime(panel.decide_at)}${panel.mode === "sequential" ? " or earlier on a clear winner" : ""}`
            : ""}
      </div>
    </div>
  );
}
