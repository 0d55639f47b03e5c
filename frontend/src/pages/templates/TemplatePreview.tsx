import { EyeOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Button, Card, Col, Empty, Input, InputNumber, Row, Space, Typography } from "antd";
import { useState } from "react";
import { previewDraft } from "../../api/messaging";
import { ErrorAlert } from "../../components/ErrorAlert";
import { MemberSelect } from "./MemberSelect";
import { previewContext, subjectLabel, type TemplateFormValues } from "./templateForm";

interface Props {
  /** The form's current values, read when the preview is asked for. */
  values: () => TemplateFormValues;
}

/** Render the unsaved template for a chosen member, with a coupon and points if given. */
export function TemplatePreview({ values }: Props) {
  const [memberId, setMemberId] = useState<number | undefined>();
  const [couponCode, setCouponCode] = useState("");
  const [awarded, setAwarded] = useState<number | null>(null);
  const preview = useMutation({
    mutationFn: () => {
      const v = values();
      return previewDraft({
        channel: v.channel,
        category: v.category,
        subject: v.subject ?? "",
        body: v.body ?? "",
        member_id: memberId,
        context: previewContext(couponCode, awarded),
      });
    },
  });
  const subjectName = preview.data ? subjectLabel(preview.data.channel) : null;
  return (
    <Card title="Preview" size="small" className="template-preview">
      <Space direction="vertical" size={12} style={{ width: "100%" }}>
        <MemberSelect value={memberId} onChange={setMemberId} />
        <Row gutter={8}>
          <Col span={14}>
            <Input
              aria-label="Coupon code"
              placeholder="Coupon code (optional)"
              value={couponCode}
              onChange={(e) => setCouponCode(e.target.value)}
              className="mono"
            />
          </Col>
          <Col span={10}>
            <InputNumber
              aria-label="Points awarded"
              placeholder="Points awarded"
              value={awarded}
              onChange={(v) => setAwarded(v)}
              min={0}
              style={{ width: "100%" }}
            />
          </Col>
        </Row>
        <Button icon={<EyeOutlined />} onClick={() => preview.mutate()} loading={preview.isPending} block>
          Preview
        </Button>
        {preview.error ? <ErrorAlert error={preview.error} /> : null}
        {preview.data && !preview.error ? (
          <div className="preview-output" data-testid="template-preview">
            {subjectName && preview.data.subject ? (
              <Typography.Text strong className="preview-subject">
                {preview.data.subject}
              </Typography.Text>
            ) : null}
            {preview.data.channel === "email" ? (
              <iframe title="Email preview" sandbox="" srcDoc={preview.data.body} className="preview-frame" />
            ) : (
              <Typography.Paragraph className="preview-body">{preview.data.body}</Typography.Paragraph>
            )}
          </div>
        ) : null}
        {!preview.data && !preview.error ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="See the message as a member will receive it, with the unsubscribe line and links filled in."
          />
        ) : null}
      </Space>
    </Card>
  );
}
