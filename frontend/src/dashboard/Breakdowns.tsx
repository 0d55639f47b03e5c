import { Card, Col, Row, Table, Typography } from "antd";
import { Link } from "react-router";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChannelCost, Dashboard, JourneyAmount, Movement } from "../api/dashboard";
import { TierTag } from "../components/TierTag";
import { channelLabel, formatCurrency, formatNumber, humanize } from "../format/format";
import { formatChange, formatMovement } from "./figures";

function Change({ change }: { change: number | null }) {
  const cls = change === null || change === 0 ? "" : change > 0 ? "delta-up" : "delta-down";
  return <span className={`delta ${cls}`}>{formatMovement(change)}</span>;
}

function movementColumns(label: string, render?: (key: string) => React.ReactNode) {
  return [
    { title: label, dataIndex: "key", render: render ?? ((key: string) => key) },
    { title: "Members", dataIndex: "members", align: "right" as const, render: (v: number) => formatNumber(v) },
    { title: "Previous", dataIndex: "previous", align: "right" as const, render: (v: number | null) => formatNumber(v) },
    { title: "Movement", dataIndex: "change", align: "right" as const, render: (v: number | null) => <Change change={v} /> },
  ];
}

/** Members per tier (chart and table) and per RFM segment, with their movement. */
export function Segments({ dashboard }: { dashboard: Dashboard }) {
  const { snapshots } = dashboard;
  const since = snapshots.previous ? `since ${snapshots.previous}` : "no earlier snapshot yet";
  const chart = dashboard.tiers.map((t) => ({ tier: humanize(t.key), now: t.members, before: t.previous ?? 0 }));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title="Members by tier" extra={<Typography.Text type="secondary">{since}</Typography.Text>} data-testid="dashboard-tiers">
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={chart} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="tier" tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={56} />
              <Tooltip formatter={(value) => formatNumber(Number(value))} />
              <Legend verticalAlign="top" height={24} />
              <Bar dataKey="before" name="Previous" fill="#c5cfe3" isAnimationActive={false} />
              <Bar dataKey="now" name="Now" fill="#1f4fd8" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <Table<Movement> size="small" rowKey="key" pagination={false} dataSource={dashboard.tiers} columns={movementColumns("Tier", (key) => <TierTag tier={key} />)} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title="Members by RFM segment" extra={<Typography.Text type="secondary">{since}</Typography.Text>} data-testid="dashboard-rfm">
          <Table<Movement> size="small" rowKey="key" pagination={false} dataSource={dashboard.rfm_segments} columns={movementColumns("Segment")} />
        </Card>
      </Col>
    </Row>
  );
}

/** Journeys' attributed paid amount and the channels' messages and costs. */
export function JourneysAndChannels({ dashboard }: { dashboard: Dashboard }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title="Journeys' attributed paid amount" data-testid="dashboard-journeys">
          <Table<JourneyAmount>
            size="small"
            rowKey="journey_id"
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            dataSource={dashboard.journeys}
            locale={{ emptyText: "No order was credited to a journey in either period" }}
            columns={[
              {
                title: "Journey",
                dataIndex: "name",
                render: (name: string | null, row) => (row.key ? <Link to={`/reports/${row.key}`}>{name ?? row.key}</Link> : `#${row.journey_id}`),
              },
              { title: "Orders", dataIndex: "orders", align: "right", render: (v: number) => formatNumber(v) },
              { title: "Paid amount", dataIndex: "value", align: "right", render: (v: number) => formatCurrency(v) },
              { title: "Previous", dataIndex: "previous", align: "right", render: (v: number) => formatCurrency(v) },
              { title: "Change", key: "change", align: "right", render: (_: unknown, row) => formatChange(row) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title="Channel costs" data-testid="dashboard-channels">
          <Table<ChannelCost>
            size="small"
            rowKey="channel"
            pagination={false}
            dataSource={dashboard.channels}
            locale={{ emptyText: "No message was sent in either period" }}
            columns={[
              { title: "Channel", dataIndex: "channel", render: (c: string) => channelLabel(c) },
              { title: "Sent", dataIndex: "messages", align: "right", render: (v: number) => formatNumber(v) },
              { title: "Cost", key: "cost", align: "right", render: (_: unknown, row) => formatCurrency(row.cost.value) },
              { title: "Previous", key: "previous", align: "right", render: (_: unknown, row) => formatCurrency(row.cost.previous) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
