import { SearchOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Row, Space, Typography } from "antd";
import { useState } from "react";
import { StatusTag } from "../components/StatusTag";
import { ExperimentResults } from "../reports/ExperimentResults";
import { ConnectionBadge } from "./ConnectionBadge";
import { useNodeTypes } from "../pages/journeys/useJourneyData";
import { type LiveNode, nodeName } from "./journeyNodes";
import { LiveFeed } from "./LiveFeed";
import { LiveNodeList } from "./LiveNodeList";
import { MemberPathDrawer } from "./MemberPathDrawer";
import { useJourneyLive } from "./useJourneyLive";

/** A journey's run, live: counters per node, the newest member steps, member lookup. */
export function LiveCard({ journeyKey, nodes }: { journeyKey: string; nodes?: LiveNode[] }) {
  const live = useJourneyLive(journeyKey);
  const nodeTypes = useNodeTypes();
  const typeNames = Object.fromEntries((nodeTypes.data ?? []).map((t) => [t.type, t.label]));
  const names = Object.fromEntries((nodes ?? []).map((n) => [n.id, nodeName(n, n.id)]));
  const [member, setMember] = useState<string | null>(null);
  return (
    <Card
      title="Live"
      data-testid="live-card"
      extra={
        <Space size={16}>
          <ConnectionBadge connected={live.connected} error={live.error} />
          {live.status ? <StatusTag status={live.status} /> : null}
          <Button icon={<SearchOutlined />} onClick={() => setMember("")}>
            Find a member
          </Button>
        </Space>
      }
    >
      {live.error ? <Alert type="error" showIcon message={live.error} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={15}>
          <Typography.Title level={5} className="live-section-title">Counters per node</Typography.Title>
          <LiveNodeList counters={live.counters} edges={live.edges} nodes={nodes} typeNames={typeNames} />
        </Col>
        <Col xs={24} xl={9}>
          <Typography.Title level={5} className="live-section-title">Recent steps</Typography.Title>
          <LiveFeed feed={live.feed} onMember={setMember} names={names} />
        </Col>
      </Row>
      {nodes?.some((n) => n.type === "split.experiment") ? (
        <div className="live-experiments">
          <ExperimentResults journeyKey={journeyKey} counters={live.counters} />
        </div>
      ) : null}
      <MemberPathDrawer
        journeyKey={journeyKey}
        member={member ?? ""}
        open={member !== null}
        onClose={() => setMember(null)}
      />
    </Card>
  );
}
