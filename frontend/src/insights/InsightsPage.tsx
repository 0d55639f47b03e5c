import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Skeleton, Space, Statistic, Typography } from "antd";
import { getPredictionInsights, type PredictionInsights } from "../api/insights";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { formatDateTime, formatNumber } from "../format/format";
import { PageHeader } from "../layout/PageHeader";
import { CalibrationChart } from "./CalibrationChart";
import { Histogram } from "./Histogram";
import { RecommendationQuality } from "./RecommendationQuality";
import { percent, RISK_FILL } from "./risk";

function subtitle(data: PredictionInsights | undefined): string {
  if (!data) return "Churn risk, lifetime value and the next purchase, predicted from each member's purchases.";
  if (!data.refreshed_at) return "Not refreshed yet: run flask --app wsgi predict refresh, or wait for the nightly refresh.";
  const asOf = data.as_of && data.as_of !== data.refreshed_at ? ` · as of ${formatDateTime(data.as_of)}` : "";
  return `Last refreshed ${formatDateTime(data.refreshed_at)}${asOf} · ${formatNumber(data.members)} members with a purchase`;
}

function Body({ data }: { data: PredictionInsights }) {
  const d = data.distributions;
  const cal = data.calibration;
  const t = data.churn_thresholds;
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Row gutter={[16, 16]}>
        {data.churn_risk.map((r) => (
          <Col xs={24} md={8} key={r.risk}>
            <Card className="stat-card" data-testid={`churn-${r.risk}`}>
              <Statistic
                title={`Churn risk ${r.risk} · ${data.members ? percent(r.members / data.members) : "0%"}`}
                value={formatNumber(r.members)}
                valueStyle={{ color: RISK_FILL[r.risk] }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title="Calibration: predicted against actual repeat purchases in the holdout" size="small">
        {cal ? (
          <>
            <CalibrationChart calibration={cal} />
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              Fitted on purchases up to {cal.holdout_days} days before the as-of date, then compared with what{" "}
              {formatNumber(cal.members)} members bought in those {cal.holdout_days} days: {formatNumber(cal.actual_total)}{" "}
              repeat purchases, {formatNumber(Math.round(cal.predicted_total))} predicted.
            </Typography.Paragraph>
          </>
        ) : (
          <EmptyState title="No calibration" description="Too little history before the holdout period to fit the model." />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="Probability still active" size="small">
            <Histogram bins={d.probability_alive} testId="hist-probability-alive" color="#2f9e44" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="Predicted 12-month value" size="small">
            <Histogram bins={d.predicted_value} openTop unit="¥" testId="hist-predicted-value" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="Expected purchases in the next 90 days" size="small">
            <Histogram bins={d.expected_purchases_90} openTop testId="hist-expected-90" color="#7048e8" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="Days to the expected next purchase" size="small">
            <Histogram bins={d.next_purchase_days} openTop testId="hist-next-purchase" color="#f08c00" />
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary">
        BG/NBD gives each member's purchase rate and the probability they are still active; Gamma-Gamma their spend per
        purchase. Churn risk is high below {percent(t.high_below)}, medium below {percent(t.medium_below)} of that
        probability (for one-time buyers: of staying silent this long while active). The 12-month value is discounted at{" "}
        {percent(data.annual_discount)} a year. Details in docs/predictions.md.
      </Typography.Paragraph>
    </Space>
  );
}

/** Predicted member scores: their distributions, churn risk and the model's holdout calibration. */
export function InsightsPage() {
  const query = useQuery({ queryKey: ["insights", "predictions"], queryFn: ({ signal }) => getPredictionInsights(signal) });
  let body;
  if (query.isLoading) {
    body = (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  } else if (query.error || !query.data) {
    body = <ErrorAlert error={query.error} />;
  } else if (!query.data.members) {
    body = (
      <Card>
        <EmptyState title="No predictions yet" description="Predictions appear after a refresh once members have bought." />
      </Card>
    );
  } else {
    body = <Body data={query.data} />;
  }
  return (
    <>
      <PageHeader title="Insights 洞察" subtitle={<span data-testid="insights-refreshed">{subtitle(query.data)}</span>} />
      {body}
      <RecommendationQuality />
    </>
  );
}
