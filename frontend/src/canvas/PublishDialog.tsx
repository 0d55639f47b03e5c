import { useQuery } from "@tanstack/react-query";
import { Alert, Checkbox, Descriptions, Modal, Select, Skeleton, Space, Typography } from "antd";
import { useState } from "react";
import { getPublishPreview } from "../api/journeys";
import { ErrorAlert } from "../components/ErrorAlert";
import { ForecastSummary } from "../forecast/ForecastSummary";

const CHANNELS: Record<string, string> = { email: "Email", sms: "SMS", push: "Push", inapp: "In-app inbox", webhook: "Webhook" };
const number = (n: number) => n.toLocaleString("en-US");

interface Props {
  journeyKey: string;
  open: boolean;
  publishing: boolean;
  onCancel: () => void;
  /** ``move``: move the members already inside to the new version, by this node mapping. */
  onConfirm: (move?: { nodeMapping: Record<string, string> }) => void;
}

/** Publishing acts on real members: say how many enter now and what that implies, then ask. */
export function PublishDialog({ journeyKey, open, publishing, onCancel, onConfirm }: Props) {
  const preview = useQuery({
    queryKey: ["publish-preview", journeyKey],
    enabled: open,
    gcTime: 0,
    staleTime: 0,
    queryFn: () => getPublishPreview(journeyKey),
  });
  const data = preview.data;
  const sends = Object.entries(data?.sends ?? {}).filter(([, n]) => n > 0);
  const [moving, setMoving] = useState(false);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const running = data?.running ?? [];
  const inside = running.reduce((sum, r) => sum + r.members, 0);
  const unmapped = running.filter((r) => !r.in_draft && !mapping[r.node_id]);
  const confirm = () => onConfirm(moving ? { nodeMapping: mapping } : undefined);
  return (
    <Modal
      open={open}
      title={data ? `Publish version ${data.version}?` : "Publish?"}
      okText="Publish"
      okButtonProps={{ disabled: !data || (moving && unmapped.length > 0), loading: publishing }}
      onOk={confirm}
      onCancel={onCancel}
      destroyOnHidden
      width={560}
    >
      {preview.error ? <ErrorAlert error={preview.error} /> : null}
      {!data ? (
        preview.error ? null : <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <div data-testid="publish-dialog">
          <Typography.Paragraph>
            <Typography.Text strong data-testid="publish-entering">
              {number(data.entering_total)} member{data.entering_total === 1 ? "" : "s"} enter now
            </Typography.Text>
            {data.held_out ? ` (${number(data.held_out)} of them in the global control group, held out at the entry)` : null}.
          </Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            {data.entering.map((e) => (
              <Descriptions.Item key={e.node_id} label={`Enter by ${e.label}`}>
                {number(e.members)}
              </Descriptions.Item>
            ))}
            {sends.map(([channel, n]) => (
              <Descriptions.Item key={channel} label={`${CHANNELS[channel] ?? channel} messages, at most`}>
                <span data-testid={`publish-sends-${channel}`}>{number(n)}</span>
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="Coupons granted, at most">
              <span data-testid="publish-coupons">{number(data.coupons)}</span>
            </Descriptions.Item>
          </Descriptions>
          {data.later_entries.length ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              Not counted: members who enter later by {data.later_entries.map((e) => e.label).join(", ")}.
            </Typography.Paragraph>
          ) : null}
          <Alert type="info" showIcon style={{ marginTop: 12 }} message={data.assumption} />
          <ForecastSummary journeyKey={journeyKey} enabled={open} />
          {inside ? (
            <div className="publish-moving" data-testid="publish-moving" style={{ marginTop: 12 }}>
              <Checkbox checked={moving} onChange={(e) => setMoving(e.target.checked)}>
                Move the {number(inside)} member{inside === 1 ? "" : "s"} already inside to version {data.version}
              </Checkbox>
              <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0 24px" }}>
                {moving
                  ? "Each stays at the node of the same id; choose where members at nodes this version no longer has go."
                  : "Otherwise they finish on the version they entered."}
              </Typography.Paragraph>
              {moving ? (
                <Space direction="vertical" style={{ marginLeft: 24, marginTop: 8 }}>
                  {running
                    .filter((r) => !r.in_draft)
                    .map((r) => (
                      <Space key={r.node_id} wrap>
                        <span>
                          {number(r.members)} at <Typography.Text strong>{r.label}</Typography.Text> go to
                        </span>
                        <Select
                          aria-label={`Where members at ${r.label} go`}
                          style={{ minWidth: 220 }}
                          placeholder="Choose a node"
                          value={mapping[r.node_id]}
                          options={data.draft_nodes.map((n) => ({ value: n.node_id, label: `${n.label} (${n.node_id})` }))}
                          onChange={(v: string) => setMapping((m) => ({ ...m, [r.node_id]: v }))}
                        />
                      </Space>
                    ))}
                </Space>
              ) : null}
            </div>
          ) : null}
        </div>
      )}
    </Modal>
  );
}
