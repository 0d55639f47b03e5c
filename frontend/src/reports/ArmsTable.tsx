import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ArmFigures, NodeFigures } from "../api/reports";
import { EmptyState } from "../components/EmptyState";
import { formatCurrency, formatNumber, humanize } from "../format/format";
import { armsEmptyReason, formatRate } from "./figures";

const SPLIT_COLUMN: ColumnsType<ArmFigures>[number] = { title: "Split", dataIndex: "label" };

const columns: ColumnsType<ArmFigures> = [
  { title: "Branch", dataIndex: "branch", render: (b: string) => humanize(b) },
  { title: "Members", dataIndex: "members", align: "right", render: formatNumber },
  { title: "Paying", dataIndex: "paying_members", align: "right", render: formatNumber },
  { title: "Conversion", dataIndex: "conversion_rate", align: "right", render: formatRate },
  { title: "Paid orders", dataIndex: "paid_orders", align: "right", render: formatNumber },
  { title: "Paid amount", dataIndex: "paid_amount", align: "right", render: formatCurrency },
  { title: "Per member", dataIndex: "paid_per_member", align: "right", render: formatCurrency },
];

/** Per split node and branch: what the members of each arm did within the window. */
export function ArmsTable({ arms, nodes, windowDays }: { arms: ArmFigures[]; nodes: NodeFigures[]; windowDays: number }) {
  if (arms.length === 0) {
    return <EmptyState title={armsEmptyReason(nodes)} description="Arms compare what the members of each branch of a split paid afterwards." />;
  }
  const splits = [...new Set(arms.map((a) => a.label))];
  return (
    <>
      {splits.length === 1 ? <div className="report-caption">{splits[0]}</div> : null}
      <Table<ArmFigures>
        data-testid="arms"
        size="small"
        rowKey={(row) => `${row.node_id}/${row.branch}`}
        pagination={false}
        columns={new Set(arms.map((a) => a.node_id)).size > 1 ? [SPLIT_COLUMN, ...columns] : columns}
        dataSource={arms}
      />
      <div className="muted report-footnote">
        Every paid order of the arm's members within {windowDays} days of the split, attributed or not: a holdout is never touched, so it has
        nothing to be credited to.
      </div>
    </>
  );
}
