import { LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { App, Avatar, Button, Flex, Tag, Typography } from "antd";
import { useNavigate } from "react-router";
import { useSession, useSignOut } from "../auth/useSession";
import { humanize } from "../format/format";

const ROLE_COLORS: Record<string, string> = { admin: "volcano", marketer: "blue", viewer: "default" };

/** The signed-in user, their role, and the sign-out button. */
export function UserMenu() {
  const { user } = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { message } = App.useApp();
  if (!user) {
    return null;
  }
  const onSignOut = () =>
    signOut.mutate(undefined, {
      onSettled: (_data, error) => {
        if (error) {
          message.warning(error.message);
        }
        navigate("/login", { replace: true });
      },
    });
  return (
    <Flex align="center" gap={12} data-testid="user-menu">
      <Avatar size="small" icon={<UserOutlined />} />
      <Flex vertical className="user-identity">
        <Typography.Text strong>{user.name || user.email}</Typography.Text>
        <Typography.Text type="secondary" className="user-email">
          {user.email}
        </Typography.Text>
      </Flex>
      <Tag color={ROLE_COLORS[user.role] ?? "default"}>{humanize(user.role)}</Tag>
      <Button icon={<LogoutOutlined />} onClick={onSignOut} loading={signOut.isPending}>
        Sign out
      </Button>
    </Flex>
  );
}
