import type { ExperimentPanel as Experiment } from "../api/reports";
import { EmptyState } from "../components/EmptyState";
import { ExperimentPanel } from "./ExperimentPanel";

/** Every experiment node of the journey, or why there is none. */
export function ExperimentsSection({ experiments }: { experiments: Experiment[] }) {
  if (experiments.length === 0) {
    return (
      <EmptyState
        title="This journey has no experiment"
        description="An experiment node tests variants on a sample, then sends the rest of the members to the winner when its test says so."
      />
    );
  }
  return (
    <div data-testid="experiments">
      {experiments.map((panel) => (
        <ExperimentPanel key={panel.node_id} panel={panel} />
      ))}
    </div>
  );
}
