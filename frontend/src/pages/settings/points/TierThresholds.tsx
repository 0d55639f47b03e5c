import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, Form, InputNumber, Row, Skeleton } from "antd";
import { getTierLevels, saveTierLevels } from "../../../api/points";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { TierTag } from "../../../components/TierTag";
import { tierLevels } from "./pointsText";

/** Points earned in the last 365 days that each tier needs; saving moves members at once. */
export function TierThresholds({ canEdit }: { canEdit: boolean }) {
  const [form] = Form.useForm<Record<string, number>>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const query = useQuery({ queryKey: ["points-tiers"], queryFn: ({ signal }) => getTierLevels(signal) });
  const save = useMutation({
    mutationFn: (values: Record<string, number>) => saveTierLevels(tierLevels(query.data?.order ?? [], values)),
    onSuccess: ({ changed }) => {
      message.success(`Tier thresholds saved; ${changed.toLocaleString("en-US")} member(s) changed tier.`);
      client.invalidateQueries({ queryKey: ["points-tiers"] });
    },
  });
  let body;
  if (query.isLoading) {
    body = <Skeleton active paragraph={{ rows: 2 }} />;
  } else if (query.error || !query.data) {
    body = <ErrorAlert error={query.error} />;
  } else {
    const tiers = query.data.order.slice(1);
    body = (
      <Form form={form} layout="vertical" initialValues={query.data.levels} disabled={!canEdit} onFinish={(v) => save.mutate(v)}>
        {save.error ? (
          <div className="form-alert">
            <ErrorAlert error={save.error} />
          </div>
        ) : null}
        <Row gutter={16} align="bottom">
          {tiers.map((tier) => (
            <Col key={tier} xs={12} md={5}>
              <Form.Item name={tier} label={<TierTag tier={tier} />} rules={[{ required: true, message: "Set a threshold." }]}>
                <InputNumber min={1} precision={0} suffix="pts" style={{ width: "100%" }} aria-label={`${tier} threshold`} />
              </Form.Item>
            </Col>
          ))}
          {canEdit ? (
            <Col xs={24} md={4}>
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={save.isPending} block>
                  Save tiers
                </Button>
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
    );
  }
  return (
    <Card title="Tier thresholds" size="small">
      {body}
    </Card>
  );
}
