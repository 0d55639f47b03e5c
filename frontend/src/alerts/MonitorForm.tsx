import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Form, Input, InputNumber, Select, Space } from "antd";
import { type MonitorInput, createMonitor } from "../api/alerts";
import { fieldErrors } from "../api/formErrors";
import { ErrorAlert } from "../components/ErrorAlert";
import { METRIC_CARDS } from "../dashboard/figures";

const FIELDS = ["key", "name", "metric", "comparison", "threshold", "period_days"] as const;

export const COMPARISONS = [
  { value: "falls_by", label: "falls by (%)" },
  { value: "rises_by", label: "rises by (%)" },
  { value: "below", label: "is below" },
  { value: "above", label: "is above" },
];

/** An admin's new monitor; the server names any wrong field on its input. */
export function MonitorForm({ onDone }: { onDone: () => void }) {
  const [form] = Form.useForm<MonitorInput>();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: createMonitor,
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["monitors"] });
      form.resetFields();
      onDone();
    },
    onError: (error) => form.setFields(fieldErrors(error, FIELDS)),
  });
  return (
    <Form<MonitorInput>
      form={form}
      layout="vertical"
      data-testid="monitor-form"
      initialValues={{ metric: "active_30", comparison: "falls_by", threshold: 5, period_days: 30, active: true }}
      onFinish={(values) => create.mutate({ ...values, active: true })}
    >
      <Space wrap align="start">
        <Form.Item name="name" label="Name" rules={[{ required: true }]}>
          <Input style={{ width: 240 }} placeholder="Monthly active members drop" />
        </Form.Item>
        <Form.Item name="key" label="Key" rules={[{ required: true }]} tooltip="entry.alert nodes name it">
          <Input style={{ width: 180 }} placeholder="active-drop" />
        </Form.Item>
        <Form.Item name="metric" label="Metric">
          <Select style={{ width: 220 }} options={METRIC_CARDS.map((c) => ({ value: c.name, label: c.title }))} />
        </Form.Item>
        <Form.Item name="comparison" label="When it">
          <Select style={{ width: 150 }} options={COMPARISONS} />
        </Form.Item>
        <Form.Item name="threshold" label="Threshold">
          <InputNumber min={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="period_days" label="Period (days)">
          <InputNumber min={1} max={366} style={{ width: 110 }} />
        </Form.Item>
      </Space>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          Add monitor
        </Button>
      </Form.Item>
      {create.error ? <ErrorAlert error={create.error} /> : null}
    </Form>
  );
}
