import { Table, Tag, Typography } from "antd";
import type { HoldoutComparison as Comparison, Lift, NodeFigures } from "../api/reports";
import { EmptyState } from "../components/EmptyState";
import { formatCurrency, formatNumber } from "../format/format";
import {
  formatInterval,
  formatPoints,
  formatRate,
  formatRelative,
  formatSignedCurrency,
  holdoutEmptyReason,
  liftVerdict,
  type LiftVerdict,
} from "./figures";

const VERDICTS: Record<LiftVerdict, { color: string; text: string }> = {
  higher: { color: "green", text: "Higher than the holdout (95%)" },
  lower: { color: "red", text: "Lower than the holdout (95%)" },
  unclear: { color: "default", text: "No clear difference yet" },
  unknown: { color: "default", text: "Too few members to compare" },
};

function LiftRow({ title, lift, format }: { title: string; lift: Lift | null; format: (v: number | null) => string }) {
  const verdict = VERDICTS[liftVerdict(lift)];
  return (
    <div className="lift-row" data-testid={`lift-${title}`}>
      <div className="lift-head">
        <Typography.Text strong>{title}</Typography.Text>
        <Tag color={verdict.color}>{verdict.text}</Tag>
      </div>
      {lift ? (
        <div className="lift-figures">
          <div>
            <div className="lift-value" data-testid="lift-absolute">
              {format(lift.absolute)}
            </div>
            <div className="muted" data-testid="lift-absolute-ci">
              95% CI {formatInterval(lift.absolute_ci95, format)}
            </div>
          </div>
          <div>
            <div className="lift-value" data-testid="lift-relative">
              {formatRelative(lift.relative)}
            </div>
            <div className="muted">
              {lift.relative_ci95 ? `95% CI ${formatInterval(lift.relative_ci95, formatRelative)}` : "relative to the holdout"}
            </div>
          </div>
        </div>
      ) : (
        <div className="muted">Needs at least two members on each side.</div>
      )}
    </div>
  );
}

interface SideRow {
  figure: string;
  treatment: string;
  holdout: string;
}

function Sides({ comparison }: { comparison: Comparison }) {
  const { treatment: t, holdout: h } = comparison;
  const rows: SideRow[] = [
    { figure: "Members", treatment: formatNumber(t.members), holdout: formatNumber(h.members) },
    { figure: "Paying members", treatment: formatNumber(t.paying_members), holdout: formatNumber(h.paying_members) },
    { figure: "Conversion", treatment: formatRate(t.conversion_rate), holdout: formatRate(h.conversion_rate) },
    { figure: "Paid amount", treatment: formatCurrency(t.paid_amount), holdout: formatCurrency(h.paid_amount) },
    { figure: "Paid per member", treatment: formatCurrency(t.paid_per_member), holdout: formatCurrency(h.paid_per_member) },
  ];
  return (
    <Table<SideRow>
      size="small"
      rowKey="figure"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: "", dataIndex: "figure" },
        { title: "Treatment", dataIndex: "treatment", align: "right" },
        { title: "Holdout", dataIndex: "holdout", align: "right" },
      ]}
    />
  );
}

/** Treatment against holdout for each random split that keeps one, with the lifts and their 95% intervals. */
export function HoldoutComparison({ holdout, nodes }: { holdout: Comparison[]; nodes: NodeFigures[] }) {
  if (holdout.length === 0) {
    return (
      <EmptyState
        title={holdoutEmptyReason(nodes)}
        description="A random split with a holdout share keeps some members untouched; their orders show what the journey added."
      />
    );
  }
  return (
    <div className="holdout-list">
      {holdout.map((comparison) => (
        <div key={comparison.node_id} className="holdout-item" data-testid={`holdout-${comparison.node_id}`}>
          {holdout.length > 1 ? <Typography.Title level={5}>{comparison.label}</Typography.Title> : null}
          <Sides comparison={comparison} />
          <LiftRow title="Conversion" lift={comparison.conversion_lift} format={formatPoints} />
          <LiftRow title="Paid per member" lift={comparison.paid_per_member_lift} format={formatSignedCurrency} />
        </div>
      ))}
    </div>
  );
}
