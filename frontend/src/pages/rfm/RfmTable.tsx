import { TeamOutlined, UsergroupAddOutlined } from "@ant-design/icons";
import { Button, Progress, Space, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";
import type { RfmSegment } from "../../api/audiences";
import { formatCurrency, formatNumber } from "../../format/format";
import { percent, segmentLabel } from "./insight";

function shareCell(share: number, color: string) {
  return (
    <div className="share-cell">
      <span>{percent(share)}</span>
      <Progress percent={share * 100} showInfo={false} size="small" strokeColor={color} />
    </div>
  );
}

function columns(canEdit: boolean): ColumnsType<RfmSegment> {
  return [
    {
      title: "Segment",
      dataIndex: "segment",
      render: (s: string | null, row) => (
        <div className="segment-cell">
          <span>{segmentLabel(s)}</span>
          {row.description ? <span className="segment-description">{row.description}</span> : null}
        </div>
      ),
    },
    { title: "Members", dataIndex: "members", align: "right", render: (n: number) => formatNumber(n) },
    { title: "Share of members", dataIndex: "member_share", width: 160, render: (s: number) => shareCell(s, "#8c9bb5") },
    { title: "Revenue", dataIndex: "revenue", align: "right", render: (n: number) => formatCurrency(n) },
    { title: "Share of revenue", dataIndex: "revenue_share", width: 160, render: (s: number) => shareCell(s, "#3b5bdb") },
    {
      title: "",
      key: "actions",
      width: 250,
      render: (_: unknown, row) =>
        row.segment === null || row.members === 0 ? null : (
          <Space size={4}>
            <Link to={`/members?segment=${encodeURIComponent(row.segment)}`} aria-label={`Members of ${row.segment}`}>
              <Button size="small" type="link" icon={<TeamOutlined />}>
                Members
              </Button>
            </Link>
            {canEdit ? (
              <Link to={`/audiences/new?segment=${encodeURIComponent(row.segment)}`} aria-label={`New audience from ${row.segment}`}>
                <Button size="small" type="link" icon={<UsergroupAddOutlined />}>
                  New audience
                </Button>
              </Link>
            ) : null}
          </Space>
        ),
    },
  ];
}

/** Every segment with its members and revenue, linking to its members or a new audience. */
export function RfmTable({ segments, canEdit }: { segments: RfmSegment[]; canEdit: boolean }) {
  return (
    <Table<RfmSegment>
      rowKey={(row) => row.segment ?? "__none"}
      size="middle"
      columns={columns(canEdit)}
      dataSource={segments}
      pagination={false}
      rowClassName={(row) => (row.members === 0 ? "row-empty" : "")}
      data-testid="rfm-table"
    />
  );
}
