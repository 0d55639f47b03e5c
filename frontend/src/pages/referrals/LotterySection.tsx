import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { listCouponTemplates } from "../../api/coupons";
import { createDraw, listDraws, verifyDraw, type LotteryDraw } from "../../api/referrals";
import { useSession } from "../../auth/useSession";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, formatNumber } from "../../format/format";

const DRAWS_KEY = ["lottery-draws"] as const;

function VerifyButton({ draw }: { draw: LotteryDraw }) {
  const [asked, setAsked] = useState(false);
  const check = useQuery({
    queryKey: ["lottery-verify", draw.id],
    queryFn: ({ signal }) => verifyDraw(draw.id, signal),
    enabled: asked,
  });
  if (!asked) {
    return (
      <Button size="small" onClick={() => setAsked(true)}>
        Draw again
      </Button>
    );
  }
  if (!check.data) {
    return <Typography.Text type="secondary">Checking…</Typography.Text>;
  }
  const ok = check.data.entrants_match && check.data.winners_match;
  return <Tag color={ok ? "green" : "red"}>{ok ? "Same entrants, same winners" : "Does not match"}</Tag>;
}

/** Auditable lottery draws among a coupon template's codes (the lottery codes journeys grant). */
export function LotterySection() {
  const { user } = useSession();
  const client = useQueryClient();
  const [form] = Form.useForm<{ template: string; winners: number; seed?: string }>();
  const draws = useQuery({ queryKey: DRAWS_KEY, queryFn: ({ signal }) => listDraws(signal).then((d) => d.draws) });
  const templates = useQuery({
    queryKey: ["coupon-templates"],
    queryFn: ({ signal }) => listCouponTemplates(signal).then((d) => d.templates),
    enabled: user?.role === "admin",
  });
  const draw = useMutation({
    mutationFn: (v: { template: string; winners: number; seed?: string }) => createDraw({ ...v, seed: v.seed || undefined }),
    onSuccess: () => client.invalidateQueries({ queryKey: DRAWS_KEY }),
  });
  return (
    <Card title="Lottery draws 抽奖" size="small" data-testid="lottery-draws">
      <Typography.Paragraph type="secondary">
        Each draw records its seed and the SHA-256 of the entrant codes (sorted, one per line): anyone with the codes can draw
        the same winners again.
      </Typography.Paragraph>
      {user?.role === "admin" ? (
        <Form form={form} layout="inline" onFinish={(v) => draw.mutate(v)} style={{ marginBottom: 12 }} initialValues={{ winners: 3 }}>
          <Form.Item name="template" rules={[{ required: true, message: "Pick the lottery codes' template." }]}>
            <Select
              placeholder="Lottery codes of…"
              style={{ width: 240 }}
              options={(templates.data ?? []).map((t) => ({ value: t.key, label: t.name }))}
            />
          </Form.Item>
          <Form.Item name="winners" label="Winners">
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
          <Form.Item name="seed">
            <Input placeholder="Seed (random if empty)" style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={draw.isPending}>
            Draw
          </Button>
        </Form>
      ) : null}
      {draw.error ? <ErrorAlert error={draw.error} /> : null}
      <Table<LotteryDraw>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={draws.data ?? []}
        loading={draws.isLoading}
        locale={{ emptyText: "No draws yet" }}
        columns={[
          { title: "Drawn", key: "at", render: (_, d) => formatDateTime(d.drawn_at) },
          { title: "Codes of", dataIndex: "template" },
          { title: "Entrants", key: "n", align: "right", render: (_, d) => formatNumber(d.entrants_count) },
          {
            title: "Winners",
            key: "winners",
            render: (_, d) => (
              <Space size={[4, 4]} wrap>
                {d.winners.map((w) => (
                  <Tag key={w} className="mono">
                    {w}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: "Seed · entrants SHA-256",
            key: "audit",
            render: (_, d) => (
              <Typography.Text className="mono" type="secondary" copyable={{ text: `${d.seed} ${d.entrants_hash}` }}>
                {d.seed} · {d.entrants_hash.slice(0, 12)}…
              </Typography.Text>
            ),
          },
          { title: "", key: "verify", render: (_, d) => <VerifyButton draw={d} /> },
        ]}
      />
    </Card>
  );
}
