import { Card, Col, Row, Statistic } from "antd";
import { formatCurrency } from "../../format/format";
import { formatRate, type CouponUsage } from "./terms";

/** Issued, claimed, redeemed and expired counts and the usage rate of a template. */
export function CouponUsageStats({ usage }: { usage: CouponUsage }) {
  const items = [
    { title: "Issued", value: usage.issued.toLocaleString("en-US") },
    { title: "Claimed", value: usage.claimed.toLocaleString("en-US") },
    { title: "Redeemed", value: usage.redeemed.toLocaleString("en-US") },
    { title: "Expired", value: usage.expired.toLocaleString("en-US") },
    { title: "Usage rate", value: formatRate(usage.usageRate) },
    { title: "Discount given", value: formatCurrency(usage.discount) },
  ];
  return (
    <Row gutter={[16, 16]} data-testid="coupon-usage">
      {items.map((item) => (
        <Col key={item.title} xs={12} md={8} xl={4}>
          <Card className="stat-card">
            <Statistic title={item.title} value={item.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
