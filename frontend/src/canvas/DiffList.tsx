import { List, Tag, Typography } from "antd";
import type { JourneyDocument } from "../api/journeys";
import { type DocumentDiff, edgeChanges, fieldChanges } from "./diff";

const COLORS = { added: "green", removed: "red", changed: "gold", moved: "default" } as const;

interface Props {
  older: JourneyDocument;
  newer: JourneyDocument;
  diff: DocumentDiff;
  /** Show this node on the canvas. */
  onFocus: (nodeId: string) => void;
}

/** What changed between two versions, in words: nodes by label with each changed setting
 *  before and after, then the connections added and removed. Clicking an item shows its node. */
export function DiffList({ older, newer, diff, onFocus }: Props) {
  const before = new Map(older.nodes.map((n) => [n.id, n]));
  const after = new Map(newer.nodes.map((n) => [n.id, n]));
  const name = (id: string) => (after.get(id) ?? before.get(id))?.label?.trim() || id;
  const nodes = Object.entries(diff.nodes)
    .filter(([, c]) => c !== "same")
    .sort(([a], [b]) => name(a).localeCompare(name(b)));
  const edges = edgeChanges(older, newer);
  return (
    <div data-testid="diff-list">
      <Typography.Title level={5}>Changed nodes</Typography.Title>
      <List
        size="small"
        dataSource={nodes}
        locale={{ emptyText: "The two versions have the same nodes." }}
        renderItem={([id, change]) => (
          <List.Item className="diff-item clickable" data-node={id} onClick={() => onFocus(id)}>
            <div style={{ width: "100%" }}>
              <Typography.Text strong>{name(id)}</Typography.Text>{" "}
              <Tag color={COLORS[change as keyof typeof COLORS]}>{change}</Tag>
              {fieldChanges(before.get(id), after.get(id)).map((f) => (
                <div key={f.field} className="diff-field" data-testid="diff-field">
                  <Typography.Text type="secondary">{f.field}: </Typography.Text>
                  <Typography.Text delete>{f.before}</Typography.Text> → <Typography.Text>{f.after}</Typography.Text>
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        Connections
      </Typography.Title>
      <List
        size="small"
        dataSource={edges}
        locale={{ emptyText: "No connection was added or removed." }}
        renderItem={(e) => (
          <List.Item className="diff-item clickable" data-testid="diff-edge" onClick={() => onFocus(e.source)}>
            <span>
              <Tag color={e.change === "added" ? "green" : "red"}>{e.change}</Tag>
              {name(e.source)}
              {e.branch !== "next" ? <Typography.Text type="secondary"> ({e.branch})</Typography.Text> : null} → {name(e.target)}
            </span>
          </List.Item>
        )}
      />
    </div>
  );
}
