import { GiftOutlined, MailOutlined } from "@ant-design/icons";
import { Alert, Descriptions, Space, Tag, Timeline, Typography } from "antd";
import { StatusTag } from "../components/StatusTag";
import { formatDateTime } from "../format/format";
import { type MemberRun, type PathStep, pathSteps } from "./memberPath";

/** What one step gave the member: coupon codes and messages with their delivery status. */
function StepGifts({ step }: { step: PathStep }) {
  if (!step.coupons.length && !step.messages.length) {
    return null;
  }
  return (
    <div className="member-path-gifts">
      {step.coupons.map((c) => (
        <div key={c.code} data-testid="path-coupon">
          <GiftOutlined /> Coupon <Typography.Text code copyable>{c.code}</Typography.Text> <StatusTag status={c.status} />
        </div>
      ))}
      {step.messages.map((m, i) => (
        <div key={`${m.channel}-${m.at}-${i}`} data-testid="path-message">
          <MailOutlined /> {m.channel} message “{m.subject || m.template_name || m.template}” <StatusTag status={m.status} />
        </div>
      ))}
    </div>
  );
}

/** One entry of a member: status, when, any error, and the nodes passed so far with when and
 *  what each gave them. */
export function MemberRunPath({ run }: { run: MemberRun }) {
  return (
    <Space direction="vertical" size={8} style={{ width: "100%" }}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label="Status">
          <StatusTag status={run.status} /> {run.test ? <Tag>Test run</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="Entered">{formatDateTime(run.entered_at)}</Descriptions.Item>
        {run.due_at ? <Descriptions.Item label="Next step">{formatDateTime(run.due_at)}</Descriptions.Item> : null}
      </Descriptions>
      {run.error ? <Alert type="error" showIcon message={run.error} /> : null}
      <Timeline
        items={pathSteps(run).map((step, i) => ({
          key: `${step.node}-${i}`,
          color: step.current ? "blue" : "gray",
          children: (
            <div data-testid="path-step" data-node={step.node}>
              <Typography.Text strong>{step.label}</Typography.Text>{" "}
              <Typography.Text type="secondary">{step.text}</Typography.Text>
              {step.at ? (
                <div>
                  <Typography.Text type="secondary" className="member-path-time">
                    {formatDateTime(step.at)}
                  </Typography.Text>
                </div>
              ) : null}
              <StepGifts step={step} />
            </div>
          ),
        }))}
      />
    </Space>
  );
}
