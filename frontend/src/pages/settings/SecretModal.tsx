import { Alert, Modal, Typography } from "antd";

interface Props {
  token: { name: string; secret: string } | null;
  onClose: () => void;
}

/** The new token's secret, shown this one time only. */
export function SecretModal({ token, onClose }: Props) {
  return (
    <Modal
      title={token ? `Token “${token.name}” created` : ""}
      open={token !== null}
      onOk={onClose}
      onCancel={onClose}
      okText="I have copied it"
      cancelButtonProps={{ style: { display: "none" } }}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        message="Copy this secret now. It is shown only once and cannot be recovered."
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph copyable={{ text: token?.secret ?? "" }} className="secret-box" data-testid="token-secret">
        {token?.secret}
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        Systems send it as <span className="mono">Authorization: Bearer &lt;secret&gt;</span>.
      </Typography.Text>
    </Modal>
  );
}
