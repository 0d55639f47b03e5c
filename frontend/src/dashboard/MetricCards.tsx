import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { Card, Col, Row, Statistic, Typography } from "antd";
import type { Dashboard } from "../api/dashboard";
import { formatChange, METRIC_CARDS, trend } from "./figures";

/** One card per metric: its value, the change against the previous period, the earlier value. */
export function MetricCards({ dashboard }: { dashboard: Dashboard }) {
  return (
    <Row gutter={[16, 16]} data-testid="dashboard-metrics">
      {METRIC_CARDS.map((card) => {
        const figure = dashboard.metrics[card.name];
        const direction = trend(figure);
        return (
          <Col key={card.name} xs={12} md={6}>
            <Card className="stat-card dashboard-card" data-testid={`metric-${card.name}`}>
              <Statistic title={card.title} value={card.format(figure.value)} />
              <div className="dashboard-delta">
                <span className={`delta delta-${direction}`} data-testid={`delta-${card.name}`}>
                  {direction === "up" ? <ArrowUpOutlined /> : direction === "down" ? <ArrowDownOutlined /> : null}{" "}
                  {formatChange(figure)}
                </span>
                <Typography.Text type="secondary"> vs {card.format(figure.previous)}</Typography.Text>
              </div>
              <div className="muted dashboard-note">{card.note}</div>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
