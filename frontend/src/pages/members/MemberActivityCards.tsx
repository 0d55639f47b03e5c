import { useQuery } from "@tanstack/react-query";
import { Card, Empty, Space, Table, Tag, Timeline, Typography } from "antd";
import { Link } from "react-router";
import { getMemberActivity, type MemberJourney } from "../../api/memberActivity";
import { ErrorAlert } from "../../components/ErrorAlert";
import { channelLabel, formatDateTime, formatNumber, humanize } from "../../format/format";

/** One journey run: where the member went, node by node, with times and coupon codes. */
function JourneyPath({ run }: { run: MemberJourney }) {
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`member-journey-${run.journey}`}
      title={
        <Space>
          <Link to={`/journeys/${encodeURIComponent(run.journey)}`}>{run.journey_name}</Link>
          <Tag>v{run.version}</Tag>
          <Tag color={run.status === "completed" ? "green" : "blue"}>{humanize(run.status)}</Tag>
        </Space>
      }
      extra={<Typography.Text type="secondary">entered {formatDateTime(run.entered_at)}</Typography.Text>}
    >
      <Timeline
        items={run.path.map((step) => ({
          children: (
            <span>
              <strong>{step.label}</strong> · {formatDateTime(step.at)}
              {step.branch ? <Typography.Text type="secondary"> · left by {step.branch}</Typography.Text> : null}
              {step.coupon_code ? (
                <Tag className="mono" style={{ marginLeft: 8 }}>
                  {step.coupon_code}
                </Tag>
              ) : null}
            </span>
          ),
        }))}
      />
    </Card>
  );
}

/** The member's coupons, journeys with their paths, messages and points ledger. */
export function MemberActivityCards({ memberId }: { memberId: string }) {
  const query = useQuery({ queryKey: ["member-activity", memberId], queryFn: ({ signal }) => getMemberActivity(memberId, signal) });
  if (query.error) return <ErrorAlert error={query.error} />;
  const data = query.data;
  return (
    <>
      <Card title="Journeys" size="small" loading={!data} data-testid="member-journeys">
        {data?.journeys.length ? (
          <Space direction="vertical" style={{ width: "100%" }}>
            {data.journeys.map((run) => (
              <JourneyPath key={`${run.journey}-${run.entered_at}`} run={run} />
            ))}
          </Space>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="In no journey yet." />
        )}
      </Card>
      <Card title="Coupons" size="small" loading={!data}>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={data?.coupons ?? []}
          locale={{ emptyText: "No coupons." }}
          columns={[
            { title: "Code", dataIndex: "code", render: (v: string) => <span className="mono">{v}</span> },
            { title: "Coupon", dataIndex: "template_name" },
            { title: "Status", dataIndex: "status", render: (v: string) => humanize(v) },
            { title: "Granted", dataIndex: "granted_at", render: (v: string) => formatDateTime(v) },
            { title: "Valid until", dataIndex: "valid_until", render: (v: string) => formatDateTime(v) },
            { title: "Order", dataIndex: "order_ref" },
          ]}
        />
      </Card>
      <Card title="Messages" size="small" loading={!data}>
        <Table
          size="small"
          rowKey={(m) => `${m.channel}-${m.created_at}-${m.template}`}
          pagination={false}
          dataSource={data?.messages ?? []}
          locale={{ emptyText: "No messages." }}
          columns={[
            { title: "Channel", dataIndex: "channel", render: (v: string) => channelLabel(v) },
            { title: "Template", dataIndex: "template" },
            { title: "Journey", dataIndex: "journey" },
            { title: "Status", dataIndex: "status", render: (v: string, m) => `${humanize(v)}${m.reason ? ` (${m.reason})` : ""}` },
            { title: "Queued", dataIndex: "created_at", render: (v: string) => formatDateTime(v) },
            { title: "Sent", dataIndex: "sent_at", render: (v: string) => formatDateTime(v) },
          ]}
        />
      </Card>
      <Card title="Points ledger" size="small" loading={!data}>
        <Table
          size="small"
          rowKey={(p) => `${p.created_at}-${p.source}-${p.points}`}
          pagination={false}
          dataSource={data?.points ?? []}
          locale={{ emptyText: "No points movements." }}
          columns={[
            { title: "When", dataIndex: "created_at", render: (v: string) => formatDateTime(v) },
            { title: "Kind", dataIndex: "kind", render: (v: string) => humanize(v) },
            { title: "Points", dataIndex: "points", align: "right", render: (v: number) => `${v > 0 ? "+" : ""}${formatNumber(v)}` },
            { title: "Source", dataIndex: "source" },
            { title: "Expires", dataIndex: "expires_at", render: (v: string) => formatDateTime(v) },
          ]}
        />
      </Card>
    </>
  );
}
