import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Space, Statistic, Typography } from "antd";
import { getDeliverySummary } from "../../api/messaging";
import { channelLabel, formatCurrency, formatNumber } from "../../format/format";
import { MessageStatusTag } from "./messageStatus";

/** Messages per channel by status, and what SMS has cost. */
export function DeliverySummary() {
  const query = useQuery({ queryKey: ["messages-summary"], queryFn: ({ signal }) => getDeliverySummary(signal) });
  const channels = Object.entries(query.data?.channels ?? {});
  if (channels.length === 0) {
    return null;
  }
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {channels.map(([channel, s]) => {
        const total = Object.values(s.statuses).reduce((a, b) => a + b, 0);
        return (
          <Col key={channel} xs={24} md={12} xl={6}>
            <Card size="small" className="stat-card">
              <Statistic title={channelLabel(channel)} value={formatNumber(total)} suffix="messages" />
              <Space size={[0, 4]} wrap style={{ marginTop: 8 }}>
                {Object.entries(s.statuses).map(([status, n]) => (
                  <span key={status}>
                    <MessageStatusTag status={status} />
                    <Typography.Text type="secondary">{formatNumber(n)}</Typography.Text>{" "}
                  </span>
                ))}
              </Space>
              {Number(s.cost) > 0 ? <div className="muted">Cost {formatCurrency(s.cost)}</div> : null}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
