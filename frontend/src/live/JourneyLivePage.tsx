import { ArrowLeftOutlined, BarChartOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Skeleton, Space } from "antd";
import { useNavigate, useParams } from "react-router";
import { getJourney } from "../api/catalog";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeader } from "../layout/PageHeader";
import { getVersionNodes, liveVersion } from "./journeyNodes";
import { LiveCard } from "./LiveCard";

/** A running journey watched live: counters per node, recent member steps, member lookup. */
export function JourneyLivePage() {
  const { key = "" } = useParams();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ["journey", key], queryFn: ({ signal }) => getJourney(key, signal) });
  const version = query.data ? liveVersion(query.data.versions) : null;
  const nodes = useQuery({
    queryKey: ["journey-nodes", key, version],
    queryFn: ({ signal }) => getVersionNodes(key, version, signal),
    enabled: version !== null,
  });
  const back = (
    <Space wrap>
      <Button icon={<BarChartOutlined />} onClick={() => navigate(`/reports/${encodeURIComponent(key)}`)}>
        Report
      </Button>
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/journeys/${encodeURIComponent(key)}`)}>
        Back to the journey
      </Button>
    </Space>
  );
  const title = query.data ? `${query.data.journey.name} — live` : "Live run";
  return (
    <>
      <PageHeader title={title} extra={back} />
      {query.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : query.error ? (
        <ErrorAlert error={query.error} />
      ) : (
        <LiveCard journeyKey={key} nodes={nodes.data} />
      )}
    </>
  );
}
