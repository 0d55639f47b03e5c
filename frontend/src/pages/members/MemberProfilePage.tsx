import { ArrowLeftOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Col, Row, Skeleton, Space, Tag, Typography } from "antd";
import { useNavigate, useParams } from "react-router";
import { getMember } from "../../api/members";
import { ErrorAlert } from "../../components/ErrorAlert";
import { humanize } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { ConsentCard } from "./ConsentCard";
import { MemberActivityCards } from "./MemberActivityCards";
import { EventsTable } from "./EventsTable";
import { MemberStats } from "./MemberStats";
import { OrdersTable } from "./OrdersTable";
import { PredictionsCard } from "./PredictionsCard";
import { ProfileCard } from "./ProfileCard";

export function MemberProfilePage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ["member", id], queryFn: ({ signal }) => getMember(id, signal) });
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
      Back
    </Button>
  );

  if (query.isLoading) {
    return (
      <>
        <PageHeader title="Member" extra={back} />
        <Card>
          <Skeleton active avatar paragraph={{ rows: 10 }} />
        </Card>
      </>
    );
  }
  if (query.error || !query.data) {
    return (
      <>
        <PageHeader title="Member" extra={back} />
        <ErrorAlert error={query.error} />
      </>
    );
  }

  const { member, tags, predictions, orders, events } = query.data;
  return (
    <>
      <PageHeader title={member.name || member.external_id} subtitle={member.email || member.phone || undefined} extra={back} />
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <MemberStats member={member} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <ProfileCard member={member} />
          </Col>
          <Col xs={24} xl={8}>
            <Space direction="vertical" size={16} style={{ width: "100%" }}>
              <ConsentCard member={member} />
              <Card title="Tags" size="small">
                {tags.length ? (
                  <Space size={[4, 8]} wrap>
                    {tags.map((t) => (
                      <Tag key={t.tag} color={t.source === "manual" ? "blue" : "purple"} title={`Source: ${humanize(t.source)}`}>
                        {t.tag}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">No tags.</Typography.Text>
                )}
              </Card>
            </Space>
          </Col>
        </Row>
        <PredictionsCard predictions={predictions} />
        <MemberActivityCards memberId={String(member.id)} />
        <OrdersTable orders={orders} />
        <EventsTable events={events} />
      </Space>
    </>
  );
}
