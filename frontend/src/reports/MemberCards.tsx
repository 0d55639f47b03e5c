import { Card, Col, Row, Statistic } from "antd";
import type { MemberFigures } from "../api/reports";
import { formatCurrency, formatNumber } from "../format/format";
import { formatMultiple } from "./figures";

interface Card {
  key: keyof MemberFigures | "return_on_spend";
  title: string;
  value: string;
  note?: string;
}

/** The member-side figures of the attributed orders, one card each. */
export function MemberCards({ member, returnOnSpend }: { member: MemberFigures; returnOnSpend: number | null }) {
  const cards: Card[] = [
    { key: "ordering_members", title: "Ordering members", value: formatNumber(member.ordering_members) },
    { key: "paying_members", title: "Paying members", value: formatNumber(member.paying_members) },
    { key: "paid_orders", title: "Paid orders", value: formatNumber(member.paid_orders) },
    { key: "paid_amount", title: "Paid amount", value: formatCurrency(member.paid_amount), note: "net of discount and refunds" },
    {
      key: "first_order_members",
      title: "First-order members",
      value: formatNumber(member.first_order_members),
      note: `${formatCurrency(member.first_order_amount)} paid`,
    },
    {
      key: "repurchase_members",
      title: "Repurchasing members",
      value: formatNumber(member.repurchase_members),
      note: `${formatCurrency(member.repurchase_amount)} paid`,
    },
    { key: "coupon_discount", title: "Coupon discount", value: formatCurrency(member.coupon_discount), note: "on this journey's coupons" },
    { key: "return_on_spend", title: "Return on spend", value: formatMultiple(returnOnSpend), note: "paid ÷ (SMS cost + coupon discount)" },
  ];
  return (
    <Row gutter={[16, 16]} data-testid="member-cards">
      {cards.map((card) => (
        <Col key={card.key} xs={12} md={6}>
          <Card className="stat-card report-card" data-testid={`metric-${card.key}`}>
            <Statistic title={card.title} value={card.value} />
            <div className="muted report-card-note">{card.note ?? "\u00a0"}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
