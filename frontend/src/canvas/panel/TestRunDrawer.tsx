import { CaretRightOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Drawer, Form, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import type { TestRun } from "../../api/journeys";
import { listMembers } from "../../api/members";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";

interface Props {
  open: boolean;
  runs: TestRun[];
  runsError: unknown;
  running: boolean;
  runError: unknown;
  onClose: () => void;
  onRun: (externalIds: string[]) => void;
}

const STATUS_COLOR: Record<string, string> = {
  active: "processing",
  waiting: "blue",
  waiting_event: "blue",
  completed: "green",
  exited: "default",
  parked: "orange",
};

/** Test mode: run chosen members through the saved draft (waits last a second) and follow them. */
export function TestRunDrawer({ open, runs, runsError, running, runError, onClose, onRun }: Props) {
  const [members, setMembers] = useState<string[]>([]);
  const [search, setSearch] = useState("");
  const needle = useDebouncedValue(search, 300);
  const suggestions = useQuery({
    queryKey: ["test-member-search", needle],
    enabled: open && needle.trim().length > 0,
    queryFn: ({ signal }) => listMembers({ q: needle, limit: 10 }, signal),
  });
  return (
    <Drawer title="Test mode" width={520} open={open} onClose={onClose} mask={false} data-testid="test-drawer">
      <Typography.Paragraph type="secondary">
        Test members go through the saved draft as real members would, except that each wait lasts one second, messages go
        only to the in-app inbox, and the live counters leave them out. Where they are shows on the canvas.
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="Test members (external ids)">
          <Select
            aria-label="Test members"
            mode="tags"
            value={members}
            onChange={setMembers}
            onSearch={setSearch}
            tokenSeparators={[",", " "]}
            placeholder="Type an external id, phone or name"
            options={(suggestions.data?.members ?? []).map((m) => ({ value: m.external_id, label: `${m.external_id} · ${m.name ?? m.email ?? ""}` }))}
          />
        </Form.Item>
        <Button type="primary" icon={<CaretRightOutlined />} loading={running} disabled={members.length === 0} onClick={() => onRun(members)}>
          Run test
        </Button>
      </Form>
      <Space direction="vertical" size={12} style={{ width: "100%", marginTop: 16 }}>
        {runError ? <ErrorAlert error={runError} /> : null}
        {runsError ? <ErrorAlert error={runsError} /> : null}
        {runs.length === 0 ? (
          <Alert type="info" showIcon message="No test runs yet" description="Pick members above and run the test." />
        ) : (
          <Table<TestRun>
            size="small"
            rowKey={(r) => `${r.member_id}-${r.entered_at}`}
            pagination={false}
            dataSource={runs}
            data-testid="test-runs"
            expandable={{
              rowExpandable: (r) => (r.steps ?? []).some((step) => step.detail && "test" in step.detail),
              expandedRowRender: (r) => (
                <ul className="small" data-testid="test-run-effects">
                  {(r.steps ?? [])
                    .filter((step) => step.detail && "test" in step.detail)
                    .map((step, i) => {
                      const { test, ...rest } = step.detail as Record<string, unknown>;
                      return (
                        <li key={i}>
                          <span className="mono">{step.node_id}</span>: would {String(test)} <span className="mono">{JSON.stringify(rest)}</span>
                        </li>
                      );
                    })}
                </ul>
              ),
            }}
            columns={[
              { title: "Member", key: "member", width: 110, render: (_: unknown, r: TestRun) => <span className="mono">{r.member_external_id ?? `#${r.member_id}`}</span> },
              { title: "At", dataIndex: "node_id", render: (n: string) => <span className="mono">{n}</span> },
              { title: "Status", dataIndex: "status", render: (s: string) => <Tag color={STATUS_COLOR[s] ?? "default"}>{s}</Tag> },
              {
                title: "Path",
                dataIndex: "path",
                render: (path: TestRun["path"]) => <span className="mono small">{path.map(([node, branch]) => (branch && branch !== "next" ? `${node} (${branch})` : node)).join(" → ")}</span>,
              },
            ]}
          />
        )}
      </Space>
    </Drawer>
  );
}
