import { ArrowLeftOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Descriptions, Skeleton, Space, Table } from "antd";
import { useNavigate, useParams } from "react-router";
import { getJourney } from "../../api/catalog";
import type { JourneyDetail } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusTag } from "../../components/StatusTag";
import { formatDateTime } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { ViolationList } from "./ViolationList";

type Version = JourneyDetail["versions"][number];

export function JourneyDetailPage() {
  const { key = "" } = useParams();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ["journey", key], queryFn: ({ signal }) => getJourney(key, signal) });
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate("/journeys")}>
      All journeys
    </Button>
  );
  if (query.isLoading) {
    return (
      <>
        <PageHeader title="Journey" extra={back} />
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    );
  }
  if (query.error || !query.data) {
    return (
      <>
        <PageHeader title="Journey" extra={back} />
        <ErrorAlert error={query.error} />
      </>
    );
  }
  const { journey, versions, violations } = query.data;
  return (
    <>
      <PageHeader title={journey.name} subtitle={journey.description || undefined} extra={back} />
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <Card title="Overview">
          <Descriptions column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label="Key">
              <span className="mono">{journey.key}</span>
            </Descriptions.Item>
            <Descriptions.Item label="Status">
              <StatusTag status={journey.status} />
            </Descriptions.Item>
            <Descriptions.Item label="Owner">{journey.owner ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="Last change">{formatDateTime(journey.updated_at)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title="Validation">
          <ViolationList violations={violations} />
        </Card>
        <Card title="Versions">
          <Table<Version>
            rowKey="number"
            size="small"
            pagination={false}
            dataSource={versions}
            columns={[
              { title: "Version", dataIndex: "number", render: (n: number) => `v${n}` },
              { title: "Status", dataIndex: "status", render: (s: string) => <StatusTag status={s} /> },
              { title: "Created", dataIndex: "created_at", render: (v: string) => formatDateTime(v) },
              { title: "Published", dataIndex: "published_at", render: (v: string | null) => formatDateTime(v) },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
