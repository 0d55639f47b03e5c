import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import { createMultiplier } from "../../../api/points";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { TIERS } from "../../../components/TierTag";
import { humanize } from "../../../format/format";

interface Values {
  name: string;
  factor: number;
  window: [Dayjs, Dayjs];
  tiers: string[];
}

/** Add a limited-time multiplier (double points week …). */
export function MultiplierModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: Values) =>
      createMultiplier({
        name: v.name.trim(),
        factor: v.factor,
        starts_at: v.window[0].format(),
        ends_at: v.window[1].format(),
        tiers: v.tiers ?? [],
      }),
    onSuccess: ({ multiplier }) => {
      message.success(`Added ${multiplier.name}.`);
      client.invalidateQueries({ queryKey: ["points-multipliers"] });
      onClose();
    },
  });
  return (
    <Modal
      title="New multiplier"
      open={open}
      okText="Add multiplier"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error ? (
        <div className="form-alert">
          <ErrorAlert error={save.error} />
        </div>
      ) : null}
      <Form<Values> form={form} layout="vertical" initialValues={{ factor: 2, tiers: [] }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label="Name" rules={[{ required: true, message: "Give the multiplier a name." }]}>
          <Input placeholder="Double points week" />
        </Form.Item>
        <Form.Item name="factor" label="Factor" rules={[{ required: true, message: "Set the factor." }]}>
          <InputNumber min={1.1} max={20} step={0.5} prefix="×" style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="window" label="Orders paid from – to" rules={[{ required: true, message: "Choose when it applies." }]}>
          <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="tiers" label="Tiers" tooltip="Empty means every member.">
          <Select mode="multiple" placeholder="Every tier" options={TIERS.map((t) => ({ value: t, label: humanize(t) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
