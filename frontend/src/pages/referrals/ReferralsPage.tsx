import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, Col, DatePicker, Progress, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import { formatRate, getReferralReport, refusalRows, type ReferralReport, type ReportPeriod, type TopInviter } from "../../api/referrals";
import { ErrorAlert } from "../../components/ErrorAlert";
import { channelLabel, formatCurrency, formatNumber } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { LotterySection } from "./LotterySection";

const DAY = "YYYY-MM-DD";

function Figures({ report }: { report: ReferralReport }) {
  const refused = refusalRows(report.refused);
  const cards = [
    { key: "invitations", title: "Invitations", value: formatNumber(report.invitations), note: "codes presented at registration" },
    { key: "registrations", title: "Registrations", value: formatNumber(report.registrations), note: "friends linked to an inviter" },
    { key: "refused", title: "Refused", value: formatNumber(refused.total), note: refused.rows.map((r) => `${r.label} ${r.count}`).join(" · ") || "\u00a0" },
    { key: "first_orders", title: "First orders", value: formatNumber(report.first_orders), note: `${formatRate(report.conversion)} of registrations` },
    { key: "cost", title: "Rewards cost", value: formatCurrency(report.rewards.cost), note: "discount taken with reward coupons" },
    { key: "coupons", title: "Reward coupons", value: formatNumber(report.rewards.coupons_granted), note: "granted by referral journeys" },
    { key: "points", title: "Reward points", value: formatNumber(report.rewards.points_granted), note: "granted by referral journeys" },
  ];
  return (
    <Row gutter={[16, 16]} data-testid="referral-figures">
      {cards.map((card) => (
        <Col key={card.key} xs={12} md={6}>
          <Card className="stat-card report-card" data-testid={`referral-${card.key}`}>
            <Statistic title={card.title} value={card.value} />
            <div className="muted report-card-note">{card.note}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function TopInviters({ rows }: { rows: TopInviter[] }) {
  return (
    <Table<TopInviter>
      data-testid="top-inviters"
      rowKey="member_id"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: "No registrations by invitation in this period" }}
      columns={[
        { title: "#", key: "rank", width: 40, render: (_, __, i) => i + 1 },
        {
          title: "Member",
          key: "member",
          render: (_, r) => <Link to={`/members/${r.member_id}`}>{r.name ?? r.external_id}</Link>,
        },
        { title: "Registrations", dataIndex: "registrations", align: "right" },
        { title: "First orders", dataIndex: "first_orders", align: "right" },
      ]}
    />
  );
}

function ByChannel({ report }: { report: ReferralReport }) {
  const most = Math.max(1, ...report.by_channel.map((c) => c.registrations));
  if (!report.by_channel.length) {
    return <Typography.Text type="secondary">No registrations by invitation in this period.</Typography.Text>;
  }
  return (
    <div data-testid="referral-channels">
      {report.by_channel.map((c) => (
        <div key={c.channel} className="channel-bar">
          <Typography.Text ellipsis style={{ display: "inline-block", width: 150, verticalAlign: "middle" }}>{channelLabel(c.channel)}</Typography.Text>
          <Progress
            percent={(c.registrations / most) * 100}
            status="normal"
            format={() => formatNumber(c.registrations)}
            style={{ width: "calc(100% - 160px)", display: "inline-block", margin: 0 }}
          />
        </div>
      ))}
    </div>
  );
}

/** The referral programme: invitations, registrations, first orders, rewards and their cost,
 * top inviters, the channel invited friends registered through, and the lottery draws. */
export function ReferralsPage() {
  const [period, setPeriod] = useState<ReportPeriod>({ from: null, to: null });
  const report = useQuery({
    queryKey: ["referral-report", period],
    queryFn: ({ signal }) => getReferralReport(period, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title="Referrals 推荐有礼"
        subtitle="Members invite friends with their invitation code; journeys entering on referral_registered and referral_first_order reward both sides."
        extra={
          <Space size={6}>
            <Typography.Text type="secondary">Period</Typography.Text>
            <DatePicker.RangePicker
              aria-label="Referral period"
              allowEmpty={[true, true]}
              value={[period.from ? dayjs(period.from, DAY) : null, period.to ? dayjs(period.to, DAY) : null]}
              placeholder={["All time", "Today"]}
              onChange={(range) =>
                setPeriod({ from: range?.[0] ? range[0].format(DAY) : null, to: range?.[1] ? range[1].format(DAY) : null })
              }
            />
          </Space>
        }
      />
      {report.error ? <ErrorAlert error={report.error} /> : null}
      {!report.data ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size={16} style={{ width: "100%" }}>
          <Figures report={report.data} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Card title="Top inviters" size="small">
                <TopInviters rows={report.data.top_inviters} />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card title="Friends by registration channel" size="small">
                <ByChannel report={report.data} />
              </Card>
              <Card title="Referral journeys" size="small" style={{ marginTop: 16 }}>
                {report.data.rewards.journeys.length ? (
                  report.data.rewards.journeys.map((key) => (
                    <Tag key={key}>
                      <Link to={`/journeys/${encodeURIComponent(key)}`}>{key}</Link>
                    </Tag>
                  ))
                ) : (
                  <Typography.Text type="secondary">No journey enters on a referral event yet.</Typography.Text>
                )}
              </Card>
            </Col>
          </Row>
          <LotterySection />
        </Space>
      )}
    </>
  );
}
