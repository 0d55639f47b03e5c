import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch } from "antd";
import { listCouponTemplates } from "../../api/coupons";
import { TIERS, createReward, updateReward, type Reward } from "../../api/rewards";
import { CheckboxList } from "../../components/forms/CheckboxList";
import { EditModal } from "../../components/forms/EditModal";
import { groupFieldErrors } from "../../components/forms/fieldErrors";
import { NameKeyFields } from "../../components/forms/NameKeyFields";
import { humanize } from "../../format/format";
import { KIND_OPTIONS, NEW_REWARD, formFieldOf, formToReward, rewardToForm, type RewardFormValues } from "./rewardForm";

interface Props {
  open: boolean;
  onClose: () => void;
  /** The reward to edit; a new one when absent. */
  reward?: Reward;
}

/** Create or edit a reward; the server's field problems show at their fields. */
export function RewardModal({ open, onClose, reward }: Props) {
  const [form] = Form.useForm<RewardFormValues>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const templates = useQuery({
    queryKey: ["coupon-templates"],
    queryFn: ({ signal }) => listCouponTemplates(signal).then((d) => d.templates),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: (values: RewardFormValues) =>
      reward ? updateReward(formToReward(values)) : createReward(formToReward(values)),
    onSuccess: ({ reward: saved }) => {
      message.success(`Saved ${saved.name}.`);
      client.invalidateQueries({ queryKey: ["rewards"] });
      onClose();
    },
    onError: (error) => form.setFields(groupFieldErrors(error, formFieldOf).fields),
  });
  const kind = Form.useWatch("kind", form);
  const unlimitedStock = Form.useWatch("unlimitedStock", form);
  const unlimitedPerMember = Form.useWatch("unlimitedPerMember", form);
  return (
    <EditModal
      title={reward ? `Edit ${reward.name}` : "New reward"}
      open={open}
      okText={reward ? "Save changes" : "Create reward"}
      onOk={() => form.submit()}
      onCancel={() => {
        save.reset();
        onClose();
      }}
      saving={save.isPending}
      error={save.error}
    >
      <Form<RewardFormValues>
        form={form}
        layout="vertical"
        initialValues={reward ? rewardToForm(reward) : NEW_REWARD}
        onFinish={(values) => save.mutate(values)}
      >
        <NameKeyFields
          noun="reward"
          namePlaceholder="¥10 off your next order"
          keyPlaceholder="ten-off"
          keyTooltip="The app redeems the reward by this key; it cannot change later."
          keyLocked={Boolean(reward)}
        />
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="kind" label="Gives">
              <Select options={KIND_OPTIONS} disabled={Boolean(reward)} />
            </Form.Item>
          </Col>
          <Col span={16}>
            {kind === "coupon" ? (
              <Form.Item
                name="coupon_template"
                label="Coupon template"
                rules={[{ required: true, message: "Choose the coupon template." }]}
              >
                <Select
                  loading={templates.isLoading}
                  placeholder="Choose a template"
                  options={(templates.data ?? []).map((t) => ({ value: t.key, label: `${t.name} (${t.key})` }))}
                />
              </Form.Item>
            ) : kind === "product" ? (
              <Form.Item name="product_sku" label="Product SKU" rules={[{ required: true, message: "Give the SKU." }]}>
                <Input className="mono" placeholder="MUG-1" />
              </Form.Item>
            ) : null}
          </Col>
        </Row>
        <Form.Item name="description" label="Description">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="points_price" label="Points price" rules={[{ required: true, message: "Set the price." }]}>
              <InputNumber min={1} precision={0} suffix="points" style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="stock_total" label="Total stock" rules={[{ required: !unlimitedStock, message: "Set the stock." }]}>
              <InputNumber min={0} precision={0} style={{ width: "100%" }} disabled={unlimitedStock} />
            </Form.Item>
            <Form.Item name="unlimitedStock" valuePropName="checked" className="tight-item">
              <Checkbox>Unlimited stock</Checkbox>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="per_member_limit"
              label="Per-member limit"
              rules={[{ required: !unlimitedPerMember, message: "Set the limit." }]}
            >
              <InputNumber min={1} precision={0} style={{ width: "100%" }} disabled={unlimitedPerMember} />
            </Form.Item>
            <Form.Item name="unlimitedPerMember" valuePropName="checked" className="tight-item">
              <Checkbox>No limit</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tiers" label="Tiers that may redeem" tooltip="None ticked: every tier.">
          <CheckboxList options={TIERS.map((t) => ({ value: t, label: humanize(t) }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="window" label="Redeemable from – to" tooltip="Leave empty for always; either end may be open.">
              <DatePicker.RangePicker
                showTime={{ format: "HH:mm" }}
                format="YYYY-MM-DD HH:mm"
                allowEmpty={[true, true]}
                style={{ width: "100%" }}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="active" label="Active" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </EditModal>
  );
}
