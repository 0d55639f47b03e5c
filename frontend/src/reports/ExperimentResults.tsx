import { useQuery } from "@tanstack/react-query";
import { Skeleton, Typography } from "antd";
import { getJourneyReport } from "../api/reports";
import { ErrorAlert } from "../components/ErrorAlert";
import { ExperimentPanel } from "./ExperimentPanel";
import { useRefetchOnChange } from "./useRefetchOnChange";

interface Props {
  journeyKey: string;
  /** One experiment node (the canvas's selection); all of them when absent. */
  nodeId?: string;
  /** The journey's live counters: the results are read again whenever they move. */
  counters: unknown;
  compact?: boolean;
}

/** A running journey's experiment results as the report has them, kept up with the live
 * counters: in the editor's side panel and on the live page. */
export function ExperimentResults({ journeyKey, nodeId, counters, compact = false }: Props) {
  const query = useQuery({
    queryKey: ["journey-report", journeyKey, {}],
    queryFn: ({ signal }) => getJourneyReport(journeyKey, {}, signal),
  });
  useRefetchOnChange(counters, () => void query.refetch({ cancelRefetch: false }));
  const panels = (query.data?.experiments ?? []).filter((e) => nodeId === undefined || e.node_id === nodeId);
  return (
    <div className="side-experiment" data-testid="side-experiment" aria-busy={query.isFetching}>
      <Typography.Title level={5}>{nodeId === undefined ? "Experiments" : "Experiment"}</Typography.Title>
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : !query.data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : panels.length ? (
        panels.map((panel) => <ExperimentPanel key={panel.node_id} panel={panel} compact={compact} />)
      ) : (
        <Typography.Paragraph type="secondary">
          {nodeId === undefined
            ? "The live version has no experiment."
            : "This node is not in the live version yet: publish to start its experiment."}
        </Typography.Paragraph>
      )}
    </div>
  );
}
