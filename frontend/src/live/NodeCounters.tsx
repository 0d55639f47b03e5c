import { MailOutlined } from "@ant-design/icons";
import { Tooltip } from "antd";
import "./live.css";
import { formatNumber } from "../format/format";
import { counterBadges, hasMessages, messageBadges, nodeBadges } from "./counterLabels";
import type { NodeCounters as Counters } from "./types";

/** Live badges for one node: entered, waiting now, passed, exited, converted, errors, what it
 *  queued or granted, and on send nodes what became of the messages. Compact (on the canvas)
 *  shows each number with a short word after it (zero exits, conversions and errors left
 *  out), with the message outcomes as one short line under them. */
export function NodeCounters({ counters, compact = false }: { counters: Counters | undefined; compact?: boolean }) {
  const messages = compact && hasMessages(counters);
  return (
    <>
      <div className={compact ? "live-counters live-counters-compact" : "live-counters"} data-testid="node-counters">
        {(compact ? nodeBadges(counters) : counterBadges(counters)).map((badge) => (
          <Tooltip key={badge.name} title={badge.label}>
            <span
              className={`live-badge live-badge-${badge.tone}${badge.value ? "" : " live-badge-zero"}`}
              aria-label={`${badge.label}: ${badge.value}`}
            >
              {compact ? null : <span className="live-badge-label">{badge.label}</span>}
              <span className="live-badge-value">{formatNumber(badge.value)}</span>
              {compact ? <span className="live-badge-label">{badge.short ?? badge.label}</span> : null}
            </span>
          </Tooltip>
        ))}
      </div>
      {messages ? (
        <div className="live-messages" data-testid="node-messages">
          <MailOutlined className="live-messages-icon" aria-hidden />
          {messageBadges(counters).map((badge) => (
            <span
              key={badge.name}
              className={`live-message live-message-${badge.tone}${badge.value ? "" : " live-badge-zero"}`}
              aria-label={`${badge.label}: ${badge.value}`}
            >
              <span className="live-badge-value">{formatNumber(badge.value)}</span> {badge.label.toLowerCase()}
            </span>
          ))}
        </div>
      ) : null}
    </>
  );
}
