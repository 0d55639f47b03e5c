import { Card, Space, Tabs } from "antd";
import { useSession } from "../../auth/useSession";
import { PageHeader } from "../../layout/PageHeader";
import { MyAccountCard } from "./MyAccountCard";
import { TokensPanel } from "./TokensPanel";
import { UsersPanel } from "./UsersPanel";

export function SettingsPage() {
  const { user } = useSession();
  if (!user) {
    return null;
  }
  const isAdmin = user.role === "admin";
  return (
    <>
      <PageHeader
        title="Settings 设置"
        subtitle={isAdmin ? "Your account, the people who sign in, and the API tokens systems use." : "Your account."}
      />
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <MyAccountCard user={user} />
        {isAdmin ? (
          <Card>
            <Tabs
              items={[
                { key: "users", label: "Users", children: <UsersPanel currentUserId={user.id} /> },
                { key: "tokens", label: "API tokens", children: <TokensPanel /> },
              ]}
            />
          </Card>
        ) : null}
      </Space>
    </>
  );
}
