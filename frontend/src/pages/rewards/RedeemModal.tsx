import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, InputNumber, Modal, Typography } from "antd";
import { useMemo } from "react";
import { redeemForMember, type Reward } from "../../api/rewards";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatNumber } from "../../format/format";

interface Props {
  reward: Reward | null;
  onClose: () => void;
}

/** An admin redeems a reward for a member with the member's points. One key per opening of
 * the dialog, so a double click or a retry redeems once. */
export function RedeemModal({ reward, onClose }: Props) {
  const [form] = Form.useForm<{ member_id: number }>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const attempt = useMemo(() => `desk-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, [reward]);
  const redeem = useMutation({
    mutationFn: (memberId: number) => redeemForMember(reward!.key, memberId, attempt),
    onSuccess: ({ redemption }) => {
      const what = redemption.coupon_code ?? redemption.lottery_code;
      message.success(`Redeemed for member #${redemption.member_id}${what ? `: ${what}` : ""}.`);
      client.invalidateQueries({ queryKey: ["rewards"] });
      onClose();
    },
  });
  return (
    <Modal
      title={reward ? `Redeem ${reward.name} for a member` : ""}
      open={reward !== null}
      okText="Redeem"
      onOk={() => form.submit()}
      onCancel={() => {
        redeem.reset();
        onClose();
      }}
      confirmLoading={redeem.isPending}
      destroyOnHidden
    >
      {redeem.error ? (
        <div className="form-alert">
          <ErrorAlert error={redeem.error} />
        </div>
      ) : null}
      <Typography.Paragraph type="secondary">
        Takes {formatNumber(reward?.points_price)} points from the member's balance.
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => redeem.mutate(v.member_id)}>
        <Form.Item name="member_id" label="Member id" rules={[{ required: true, message: "Give the member's id." }]}>
          <InputNumber min={1} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
