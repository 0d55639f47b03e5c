import { Card, Col, Row, Statistic } from "antd";
import type { MemberDetail } from "../../api/types";
import { TierTag } from "../../components/TierTag";
import { EMPTY, formatCurrency, formatNumber, humanize } from "../../format/format";

function rfmScores(member: MemberDetail): string {
  const rfm = member.rfm;
  if (!rfm || rfm.r == null) {
    return "Not scored yet";
  }
  return `R${rfm.r} · F${rfm.f ?? EMPTY} · M${rfm.m ?? EMPTY}`;
}

/** Tier, points, spend and RFM segment at a glance. */
export function MemberStats({ member }: { member: MemberDetail }) {
  const segment = member.rfm?.segment ?? member.rfm_segment;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} lg={6}>
        <Card className="stat-card">
          <Statistic title="Tier" valueRender={() => <TierTag tier={member.tier} />} value={member.tier} />
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card className="stat-card">
          <Statistic title="Points balance" value={formatNumber(member.points_balance)} />
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card className="stat-card">
          <Statistic
            title={`Total spent · ${formatNumber(member.orders_count)} orders`}
            value={formatCurrency(member.total_spent)}
          />
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card className="stat-card">
          <Statistic title={`RFM segment · ${rfmScores(member)}`} value={humanize(segment)} />
        </Card>
      </Col>
    </Row>
  );
}
