import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Skeleton, Statistic, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { getPointsReport, type TierFigures } from "../../api/rewards";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TierTag } from "../../components/TierTag";
import { formatCurrency, formatNumber } from "../../format/format";
import { formatShare } from "./rewardForm";

const tierColumns: ColumnsType<TierFigures> = [
  { title: "Tier", dataIndex: "tier", render: (t: string) => <TierTag tier={t} /> },
  { title: "Members", dataIndex: "members", align: "right", render: (n: number) => formatNumber(n) },
  { title: "Members who redeemed", dataIndex: "redeemers", align: "right", render: (n: number) => formatNumber(n) },
  {
    title: "Member redemption rate",
    dataIndex: "member_redemption_rate",
    align: "right",
    render: (r: number | null) => formatShare(r),
  },
  { title: "Points issued", dataIndex: "points_issued", align: "right", render: (n: number) => formatNumber(n) },
  { title: "Points redeemed", dataIndex: "points_redeemed", align: "right", render: (n: number) => formatNumber(n) },
  {
    title: "Points redemption rate",
    dataIndex: "points_redemption_rate",
    align: "right",
    render: (r: number | null) => formatShare(r),
  },
  { title: "Outstanding", dataIndex: "points_outstanding", align: "right", render: (n: number) => formatNumber(n) },
];

/** Points issued, redeemed and outstanding, the liability, and redemption by tier. */
export function PointsReportCard() {
  const query = useQuery({
    queryKey: ["rewards", "report"],
    queryFn: ({ signal }) => getPointsReport({}, signal),
  });
  if (query.isLoading) {
    return (
      <Card title="Points programme">
        <Skeleton active />
      </Card>
    );
  }
  if (query.error || !query.data) {
    return (
      <Card title="Points programme">
        <ErrorAlert error={query.error} />
      </Card>
    );
  }
  const r = query.data;
  const stats = [
    { title: "Points issued", value: formatNumber(r.points_issued) },
    { title: "Points redeemed", value: formatNumber(r.points_redeemed) },
    { title: "Points expired", value: formatNumber(r.points_expired) },
    { title: "Outstanding points", value: formatNumber(r.points_outstanding) },
    { title: `Liability (¥${r.yuan_per_point} per point)`, value: formatCurrency(r.liability) },
    { title: "Redeemed of issued", value: formatShare(r.points_redemption_rate) },
  ];
  return (
    <Card title="Points programme, all time" data-testid="points-report">
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col key={s.title} xs={12} md={8} xl={4}>
            <Card className="stat-card">
              <Statistic title={s.title} value={s.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Table<TierFigures>
        style={{ marginTop: 16 }}
        rowKey="tier"
        size="small"
        columns={tierColumns}
        dataSource={r.by_tier}
        pagination={false}
      />
    </Card>
  );
}
