import { Card, Descriptions, Table, Tag, Typography } from "antd";
import type { MemberPredictions } from "../../api/insights";
import { formatCurrency, formatDate, formatNumber } from "../../format/format";
import { percent, RISK_COLORS } from "../../insights/risk";

/** The member's predicted scores and what they buy again, with when it runs out. */
export function PredictionsCard({ predictions }: { predictions: MemberPredictions }) {
  const { scores, replenishments } = predictions;
  return (
    <Card title="Predictions" size="small" data-testid="member-predictions">
      {scores ? (
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="Churn risk">
            <Tag color={RISK_COLORS[scores.churn_risk]}>{scores.churn_risk}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="Probability active">{percent(scores.probability_alive)}</Descriptions.Item>
          <Descriptions.Item label="Predicted 12-month value">{formatCurrency(scores.predicted_value)}</Descriptions.Item>
          <Descriptions.Item label="Expected purchases 30 / 90 / 365 days">
            {[scores.expected_purchases_30, scores.expected_purchases_90, scores.expected_purchases_365]
              .map((v) => v.toFixed(2))
              .join(" / ")}
          </Descriptions.Item>
          <Descriptions.Item label="Expected spend per purchase">{formatCurrency(scores.expected_spend)}</Descriptions.Item>
          <Descriptions.Item label="Next purchase expected by">{formatDate(scores.next_purchase_at)}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">No predictions: no purchase yet, or not refreshed since.</Typography.Text>
      )}
      {replenishments.length ? (
        <Table
          size="small"
          rowKey={(r) => `${r.sku ?? ""}:${r.category_key ?? ""}`}
          pagination={false}
          style={{ marginTop: 12 }}
          dataSource={replenishments}
          columns={[
            { title: "Buys again", render: (_, r) => r.product ?? r.category ?? "" },
            { title: "Purchases", dataIndex: "purchases", align: "right", render: (v: number) => formatNumber(v) },
            { title: "Every (days)", dataIndex: "interval_days", align: "right" },
            { title: "Last bought", dataIndex: "last_bought_at", render: (v: string) => formatDate(v) },
            {
              title: "Runs out",
              dataIndex: "runs_out_at",
              render: (v: string, r) =>
                r.ran_out ? <Typography.Text type="secondary">{formatDate(v)} · ran out</Typography.Text> : formatDate(v),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
