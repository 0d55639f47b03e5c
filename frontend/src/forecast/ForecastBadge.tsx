import { Tooltip } from "antd";
import type { ForecastNode } from "../api/forecast";
import { interval } from "./format";
import "./forecast.css";

/** On a canvas node: the members the forecast sees reaching it, with the 90% interval. */
export function ForecastBadge({ figures }: { figures: ForecastNode }) {
  return (
    <Tooltip title="Forecast: members reaching this node (90% interval)">
      <div className="forecast-badge" data-testid="forecast-badge">
        ≈ {interval(figures.entered)}
      </div>
    </Tooltip>
  );
}
