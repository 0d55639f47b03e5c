import { Card, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";
import type { SampleMember } from "../../api/audiences";
import { TierTag } from "../../components/TierTag";
import { EMPTY, formatCurrency, formatDate, formatNumber } from "../../format/format";

const columns: ColumnsType<SampleMember> = [
  {
    title: "Member",
    dataIndex: "name",
    render: (name: string | null, m) => (
      <>
        <Link to={`/members/${m.id}`}>{name || m.external_id}</Link>
        <div className="muted mono">{m.external_id}</div>
      </>
    ),
  },
  { title: "City", dataIndex: "city", render: (c: string | null) => c || EMPTY },
  { title: "Tier", dataIndex: "tier", render: (t: string) => <TierTag tier={t} /> },
  { title: "Points", dataIndex: "points_balance", align: "right", render: (n: number) => formatNumber(n) },
  { title: "Orders", dataIndex: "orders_count", align: "right", render: (n: number) => formatNumber(n) },
  { title: "Total spent", dataIndex: "total_spent", align: "right", render: (n: number) => formatCurrency(n) },
  { title: "Last order", dataIndex: "last_order_at", render: (d: string | null) => formatDate(d) },
  { title: "RFM segment", dataIndex: "rfm_segment", render: (s: string | null) => s || EMPTY },
];

/** The first members of the audience (lowest ids), each linking to their profile. */
export function SampleTable({ sample, loading, emptyText }: { sample: SampleMember[]; loading: boolean; emptyText: string }) {
  return (
    <Card title="Sample members" size="small" className="sample-card" styles={{ body: { padding: 0 } }}>
      <Table<SampleMember>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={sample}
        loading={loading}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText }}
        data-testid="sample-table"
      />
    </Card>
  );
}
