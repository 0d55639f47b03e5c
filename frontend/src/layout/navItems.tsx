import {
  AlertOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FundOutlined,
  GiftOutlined,
  NodeIndexOutlined,
  PieChartOutlined,
  ShareAltOutlined,
  SettingOutlined,
  ShoppingOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

export interface NavItem {
  path: string;
  label: string;
  labelZh: string;
  icon: ReactNode;
}

export const NAV_ITEMS: NavItem[] = [
  { path: "/dashboard", label: "Dashboard", labelZh: "概览", icon: <DashboardOutlined /> },
  { path: "/journeys", label: "Journeys", labelZh: "旅程", icon: <NodeIndexOutlined /> },
  { path: "/audiences", label: "Audiences", labelZh: "人群", icon: <AppstoreOutlined /> },
  { path: "/rfm", label: "RFM", labelZh: "分群", icon: <PieChartOutlined /> },
  { path: "/insights", label: "Insights", labelZh: "洞察", icon: <FundOutlined /> },
  { path: "/members", label: "Members", labelZh: "会员", icon: <TeamOutlined /> },
  { path: "/coupons", label: "Coupons", labelZh: "优惠券", icon: <GiftOutlined /> },
  { path: "/rewards", label: "Rewards", labelZh: "积分商城", icon: <ShoppingOutlined /> },
  { path: "/referrals", label: "Referrals", labelZh: "推荐", icon: <ShareAltOutlined /> },
  { path: "/templates", label: "Templates", labelZh: "模板", icon: <FileTextOutlined /> },
  { path: "/reports", label: "Reports", labelZh: "报表", icon: <BarChartOutlined /> },
  { path: "/alerts", label: "Alerts", labelZh: "预警", icon: <AlertOutlined /> },
  { path: "/settings", label: "Settings", labelZh: "设置", icon: <SettingOutlined /> },
];
