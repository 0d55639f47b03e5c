import { Tooltip, Typography } from "antd";
import type { DragEvent } from "react";
import type { NodeType } from "../api/journeys";
import { NodeIcon } from "./icons";

export const DRAG_MIME = "application/x-journey-node-type";

const GROUPS: { group: NodeType["group"]; title: string }[] = [
  { group: "entry", title: "Entries" },
  { group: "flow", title: "Flow" },
  { group: "action", title: "Actions" },
];

interface Props {
  nodeTypes: NodeType[];
  onAdd: (type: NodeType) => void;
  /** Icons only (narrow screens); the names show in tooltips. */
  compact?: boolean;
}

/** Node types from GET /api/node-types, by group; drag one onto the canvas, or click to add it. */
export function Palette({ nodeTypes, onAdd, compact = false }: Props) {
  const start = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(DRAG_MIME, type.type);
    event.dataTransfer.effectAllowed = "move";
  };
  return (
    <div className={compact ? "palette palette-compact" : "palette"} data-testid="palette">
      {GROUPS.map(({ group, title }) => (
        <div key={group} className="palette-group">
          <Typography.Text type="secondary" className="palette-title">
            {title}
          </Typography.Text>
          {nodeTypes
            .filter((t) => t.group === group)
            .map((t) => (
              <Tooltip key={t.type} title={compact ? `${t.label}: ${t.description}` : t.description} placement="right" mouseEnterDelay={0.6}>
                <div
                  className={`palette-item palette-${group}`}
                  draggable
                  role="button"
                  aria-label={t.label}
                  tabIndex={0}
                  data-type={t.type}
                  onDragStart={(e) => start(e, t)}
                  onClick={() => onAdd(t)}
                  onKeyDown={(e) => e.key === "Enter" && onAdd(t)}
                >
                  <span className="palette-icon">
                    <NodeIcon name={t.icon} />
                  </span>
                  <span className="palette-label">{t.label}</span>
                </div>
              </Tooltip>
            ))}
        </div>
      ))}
    </div>
  );
}
