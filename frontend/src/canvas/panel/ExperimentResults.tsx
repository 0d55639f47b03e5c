import { useQuery } from "@tanstack/react-query";
import { Skeleton, Typography } from "antd";
import { getJourneyReport } from "../../api/reports";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ExperimentPanel } from "../../reports/ExperimentPanel";
import { useRefetchOnChange } from "../../reports/useRefetchOnChange";

/** The selected experiment node of a running journey: its results as the report has them,
 * read again whenever the live counters move. */
export function ExperimentResults({ journeyKey, nodeId, counters }: { journeyKey: string; nodeId: string; counters: unknown }) {
  const query = useQuery({
    queryKey: ["journey-report", journeyKey, {}],
    queryFn: ({ signal }) => getJourneyReport(journeyKey, {}, signal),
  });
  useRefetchOnChange(counters, () => void query.refetch({ cancelRefetch: false }));
  const panel = query.data?.experiments.find((e) => e.node_id === nodeId);
  return (
    <div className="side-experiment" data-testid="side-experiment" aria-busy={query.isFetching}>
      <Typography.Title level={5}>Experiment</Typography.Title>
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : !query.data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : panel ? (
        <ExperimentPanel panel={panel} compact />
      ) : (
        <Typography.Paragraph type="secondary">This node is not in the live version yet: publish to start its experiment.</Typography.Paragraph>
      )}
    </div>
  );
}
