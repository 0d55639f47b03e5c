import { Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { NodeFigures } from "../api/reports";
import { formatCurrency, formatNumber } from "../format/format";
import { type FunnelRow, formatRate, funnelRows } from "./figures";

const columns: ColumnsType<FunnelRow> = [
  {
    title: "Node",
    dataIndex: "label",
    render: (label: string, row) => (
      <>
        <Typography.Text strong>{label}</Typography.Text>
        <div className="muted mono">{row.type}</div>
      </>
    ),
  },
  {
    title: "Reached",
    dataIndex: "reached",
    width: "34%",
    render: (reached: number, row) => (
      <div className="funnel-cell">
        <div className="funnel-track">
          <div className="funnel-bar" style={{ width: `${Math.max(0, Math.min(1, row.share ?? 0)) * 100}%` }} />
        </div>
        <span className="funnel-figure">
          {formatNumber(reached)} <span className="muted">{formatRate(row.share)}</span>
        </span>
      </div>
    ),
  },
  { title: "Passed", dataIndex: "passed", align: "right", render: formatNumber },
  { title: "Exited", dataIndex: "exited", align: "right", render: formatNumber },
  { title: "Messages sent", dataIndex: "messages_sent", align: "right", render: formatNumber },
  { title: "Paying members", dataIndex: "paying_members", align: "right", render: formatNumber },
  { title: "Paid orders", dataIndex: "paid_orders", align: "right", render: formatNumber },
  { title: "Paid amount", dataIndex: "paid_amount", align: "right", render: formatCurrency },
];

/** Members through each node, most-reached first, with the orders credited to the node. */
export function NodeFunnel({ nodes }: { nodes: NodeFigures[] }) {
  return (
    <Table<FunnelRow>
      data-testid="node-funnel"
      size="small"
      rowKey="node_id"
      pagination={false}
      columns={columns}
      dataSource={funnelRows(nodes)}
      locale={{ emptyText: "This journey has no nodes yet" }}
    />
  );
}
