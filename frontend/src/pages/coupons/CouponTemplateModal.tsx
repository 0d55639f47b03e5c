import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from "antd";
import { ApiError } from "../../api/client";
import { listCodePools } from "../../api/codePools";
import { createCouponTemplate, updateCouponTemplate, type CouponTemplate } from "../../api/coupons";
import { ErrorAlert } from "../../components/ErrorAlert";
import { KIND_OPTIONS, NEW_TEMPLATE, formFieldOf, formToTemplate, templateToForm, type TemplateFormValues } from "./terms";
import { TermsFields } from "./TermsFields";
import { ValidityFields } from "./ValidityFields";

interface Props {
  open: boolean;
  onClose: () => void;
  /** The template to edit; a new one when absent. */
  template?: CouponTemplate;
}

const CHANNEL_OPTIONS = [
  { value: "online", label: "Online shop" },
  { value: "pos", label: "POS (in store)" },
];

/** Create or edit a coupon template; the server's field problems show at their fields. */
export function CouponTemplateModal({ open, onClose, template }: Props) {
  const [form] = Form.useForm<TemplateFormValues>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (values: TemplateFormValues) =>
      template ? updateCouponTemplate(formToTemplate(values)) : createCouponTemplate(formToTemplate(values)),
    onSuccess: ({ template: saved }) => {
      message.success(`Saved ${saved.name}.`);
      client.invalidateQueries({ queryKey: ["coupon-templates"] });
      client.invalidateQueries({ queryKey: ["coupon-template", saved.key] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const byField = new Map<keyof TemplateFormValues, string[]>();
        for (const e of error.errors) {
          const name = formFieldOf(e.field);
          if (name) {
            byField.set(name, [...(byField.get(name) ?? []), e.message]);
          }
        }
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      }
    },
  });
  const unlimited = Form.useWatch("unlimitedStock", form);
  const pools = useQuery({
    queryKey: ["code-pools"],
    queryFn: ({ signal }) => listCodePools(signal).then((d) => d.pools),
    enabled: open,
  });
  return (
    <Modal
      title={template ? `Edit ${template.name}` : "New coupon template"}
      open={open}
      width={680}
      okText={template ? "Save changes" : "Create template"}
      onOk={() => form.submit()}
      onCancel={() => {
        save.reset();
        onClose();
      }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error ? (
        <div className="form-alert">
          <ErrorAlert error={save.error} />
        </div>
      ) : null}
      <Form<TemplateFormValues>
        form={form}
        layout="vertical"
        initialValues={template ? templateToForm(template) : NEW_TEMPLATE}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label="Name" rules={[{ required: true, message: "Give the template a name." }]}>
              <Input placeholder="Spend 200 get 50" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="key"
              label="Key"
              tooltip="Journeys grant the template by this key; it cannot change later."
              rules={[
                { required: true, message: "Give the template a key." },
                { pattern: /^[a-z0-9][a-z0-9_.-]*$/, message: "Lower-case letters, digits, _ . - only." },
              ]}
            >
              <Input className="mono" placeholder="spend200" disabled={Boolean(template)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="kind" label="Offer">
          <Select options={KIND_OPTIONS} />
        </Form.Item>
        <TermsFields />
        <ValidityFields />
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="stock_total" label="Total stock" rules={[{ required: !unlimited, message: "Set the stock." }]}>
              <InputNumber min={0} precision={0} style={{ width: "100%" }} disabled={unlimited} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="unlimitedStock" label=" " valuePropName="checked">
              <Checkbox>Unlimited</Checkbox>
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="per_member_limit" label="Per-member limit" rules={[{ required: true, message: "Set the limit." }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="channels"
              label="Redeemable at"
              rules={[{ required: true, type: "array", min: 1, message: "Choose at least one channel." }]}
            >
              <Checkbox.Group options={CHANNEL_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="active" label="Active" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="code_pool"
          label="Codes"
          tooltip="Hand out partner codes uploaded to a pool instead of generated ones; when the pool is empty, journeys take the out-of-stock branch."
        >
          <Select
            allowClear
            placeholder="Generated by Loyalty Canvas"
            loading={pools.isLoading}
            options={(pools.data ?? []).map((p) => ({
              value: p.key,
              label: `From pool ${p.name} (${p.remaining} of ${p.total} left)`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
