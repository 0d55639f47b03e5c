import { Alert, Col, Row, Statistic } from "antd";
import type { OrderValue } from "../../api/audiences";
import { suggestThreshold } from "../../audiences/threshold";
import { formatCurrency } from "../../format/format";

/** Average order value, quartiles of members' order values, and a coupon threshold from the median. */
export function OrderValueStats({ value }: { value: OrderValue }) {
  const suggestion = suggestThreshold(value);
  const stats: [string, number | null][] = [
    ["Average order", value.avg],
    ["Lower quartile", value.q1],
    ["Median", value.median],
    ["Upper quartile", value.q3],
  ];
  return (
    <>
      <Row gutter={[12, 12]} className="order-value-stats">
        {stats.map(([title, amount]) => (
          <Col span={12} key={title}>
            <Statistic title={title} value={formatCurrency(amount)} valueStyle={{ fontSize: 18 }} />
          </Col>
        ))}
      </Row>
      {suggestion ? (
        <Alert
          className="threshold-hint"
          type="info"
          showIcon
          data-testid="threshold-hint"
          message={`Typical order is about ${formatCurrency(suggestion.median)}: a coupon of spend ${formatCurrency(suggestion.threshold)}, get ${formatCurrency(suggestion.discount)} off fits it.`}
          description={
            value.q1 !== null && value.q3 !== null
              ? `Half of the buying members' average orders lie between ${formatCurrency(value.q1)} and ${formatCurrency(value.q3)}; a threshold near the median lifts the orders just below it.`
              : undefined
          }
        />
      ) : (
        <Alert className="threshold-hint" type="info" showIcon message="No member of this audience has ordered yet, so there is no order value to fit a coupon threshold to." />
      )}
    </>
  );
}
