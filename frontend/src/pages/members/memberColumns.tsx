import { Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { MemberSummary } from "../../api/types";
import { TierTag } from "../../components/TierTag";
import { EMPTY, formatCurrency, formatDate, formatNumber, humanize } from "../../format/format";

export const memberColumns: ColumnsType<MemberSummary> = [
  {
    title: "Member",
    dataIndex: "name",
    render: (name: string | null, row) => (
      <>
        <Typography.Text strong>{name || EMPTY}</Typography.Text>
        <div className="muted mono">{row.external_id}</div>
      </>
    ),
  },
  {
    title: "Contact",
    key: "contact",
    render: (_: unknown, row) => (
      <>
        <div>{row.phone || EMPTY}</div>
        <div className="muted">{row.email || ""}</div>
      </>
    ),
  },
  { title: "Tier", dataIndex: "tier", width: 100, render: (t: string) => <TierTag tier={t} /> },
  { title: "City", dataIndex: "city", width: 110, render: (c: string | null) => c || EMPTY },
  { title: "Points", dataIndex: "points_balance", width: 100, align: "right", render: (n: number) => formatNumber(n) },
  { title: "Orders", dataIndex: "orders_count", width: 80, align: "right", render: (n: number) => formatNumber(n) },
  { title: "Total spent", dataIndex: "total_spent", width: 130, align: "right", render: (v: string) => formatCurrency(v) },
  { title: "Last order", dataIndex: "last_order_at", width: 120, render: (v: string | null) => formatDate(v) },
  { title: "RFM segment", dataIndex: "rfm_segment", width: 140, render: (s: string | null) => humanize(s) },
];
