import { Tooltip } from "antd";
import "./live.css";
import { formatNumber } from "../format/format";
import { counterBadges } from "./counterLabels";
import type { NodeCounters as Counters } from "./types";

/** Compact live badges for one node: entered, waiting now, passed, exited, converted, errors,
 *  and messages queued / coupons granted when the node has them. */
export function NodeCounters({ counters, compact = false }: { counters: Counters | undefined; compact?: boolean }) {
  return (
    <div className={compact ? "live-counters live-counters-compact" : "live-counters"} data-testid="node-counters">
      {counterBadges(counters).map((badge) => (
        <Tooltip key={badge.name} title={badge.label}>
          <span
            className={`live-badge live-badge-${badge.tone}${badge.value ? "" : " live-badge-zero"}`}
            aria-label={`${badge.label}: ${badge.value}`}
          >
            {compact ? null : <span className="live-badge-label">{badge.label}</span>}
            <span className="live-badge-value">{formatNumber(badge.value)}</span>
          </span>
        </Tooltip>
      ))}
    </div>
  );
}
