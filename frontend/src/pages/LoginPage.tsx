import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { Button, Card, Form, Input, Typography } from "antd";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useSession, useSignIn } from "../auth/useSession";
import { ErrorAlert } from "../components/ErrorAlert";

interface Credentials {
  email: string;
  password: string;
}

/** Email and password sign-in; the server's message is shown when it refuses. */
export function LoginPage() {
  const { user } = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const target = from && from !== "/login" ? from : "/dashboard";

  if (user) {
    return <Navigate to={target} replace />;
  }

  const onFinish = (values: Credentials) =>
    signIn.mutate(values, { onSuccess: () => navigate(target, { replace: true }) });

  return (
    <div className="login-screen">
      <Card className="login-card">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <Typography.Title level={3} className="page-title">
              Loyalty Canvas
            </Typography.Title>
            <Typography.Text type="secondary">Member marketing journeys · 会员营销画布</Typography.Text>
          </div>
        </div>
        {signIn.error ? (
          <div className="form-alert">
            <ErrorAlert error={signIn.error} />
          </div>
        ) : null}
        <Form<Credentials> layout="vertical" requiredMark={false} onFinish={onFinish} disabled={signIn.isPending}>
          <Form.Item
            label="Email"
            name="email"
            rules={[{ required: true, type: "email", message: "Enter your email address." }]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label="Password" name="password" rules={[{ required: true, message: "Enter your password." }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
            Sign in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
