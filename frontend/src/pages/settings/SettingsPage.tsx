import { Card, Space, Tabs } from "antd";
import { useSession } from "../../auth/useSession";
import { PageHeader } from "../../layout/PageHeader";
import { ChannelsPanel } from "./channels/ChannelsPanel";
import { ControlGroupCard } from "./ControlGroupCard";
import { MyAccountCard } from "./MyAccountCard";
import { PointsPanel } from "./points/PointsPanel";
import { TokensPanel } from "./TokensPanel";
import { UsersPanel } from "./UsersPanel";

export function SettingsPage() {
  const { user } = useSession();
  if (!user) {
    return null;
  }
  const isAdmin = user.role === "admin";
  const canEditPoints = isAdmin || user.role === "marketer";
  const incentiveTabs = [
    { key: "channels", label: "Channels", children: <ChannelsPanel canEdit={isAdmin} /> },
    { key: "points", label: "Points & tiers", children: <PointsPanel canEdit={canEditPoints} /> },
  ];
  return (
    <>
      <PageHeader
        title="Settings 设置"
        subtitle={
          isAdmin
            ? "Your account, the global control group, the people who sign in, the API tokens systems use, channels, and points rules."
            : "Your account, the global control group, channels, and points rules."
        }
      />
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <MyAccountCard user={user} />
        <ControlGroupCard canEdit={isAdmin} />
        <Card>
          <Tabs
            items={[
              ...(isAdmin
                ? [
                    { key: "users", label: "Users", children: <UsersPanel currentUserId={user.id} /> },
                    { key: "tokens", label: "API tokens", children: <TokensPanel /> },
                  ]
                : []),
              ...incentiveTabs,
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
