import { Table, Tag, Typography } from "antd";
import type { HoldoutComparison as Comparison, GroupFigures, Lift, NodeFigures } from "../api/reports";
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

const VERDICT_COLORS: Record<LiftVerdict, string> = { higher: "green", lower: "red", unclear: "default", unknown: "default" };

/** What a 95% interval says against the other side ("the holdout", "the control group"). */
export function VerdictTag({ verdict, against }: { verdict: LiftVerdict; against: string }) {
  const text = {
    higher: `Higher than ${against} (95%)`,
    lower: `Lower than ${against} (95%)`,
    unclear: "No clear difference yet",
    unknown: "Too few members to compare",
  }[verdict];
  return <Tag color={VERDICT_COLORS[verdict]}>{text}</Tag>;
}

interface LiftRowProps {
  title: string;
  lift: Lift | null | undefined;
  format: (v: number | null) => string;
  /** The side compared with, as the verdict names it. */
  against?: string;
}

/** A lift, absolute and relative, each with its 95% interval. */
export function LiftRow({ title, lift, format, against = "the holdout" }: LiftRowProps) {
  return (
    <div className="lift-row" data-testid={`lift-${title}`}>
      <div className="lift-head">
        <Typography.Text strong>{title}</Typography.Text>
        <VerdictTag verdict={liftVerdict(lift)} against={against} />
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
              {lift.relative_ci95 ? `95% CI ${formatInterval(lift.relative_ci95, formatRelative)}` : `relative to ${against}`}
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

interface SidesProps {
  treatment: GroupFigures;
  holdout: GroupFigures;
  /** The untouched side's column title. */
  holdoutTitle?: string;
}

/** Treatment and the untouched side, figure by figure. */
export function Sides({ treatment: t, holdout: h, holdoutTitle = "Holdout" }: SidesProps) {
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
        { title: holdoutTitle, dataIndex: "holdout", align: "right" },
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
          <Sides treatment={comparison.treatment} holdout={comparison.holdout} />
          <LiftRow title="Conversion" lift={comparison.conversion_lift} format={formatPoints} />
          <LiftRow title="Paid per member" lift={comparison.paid_per_member_lift} format={formatSignedCurrency} />
        </div>
      ))}
    </div>
  );
}
