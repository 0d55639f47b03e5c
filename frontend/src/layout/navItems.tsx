import {
  AppstoreOutlined,
  BarChartOutlined,
  FileTextOutlined,
  GiftOutlined,
  NodeIndexOutlined,
  PieChartOutlined,
  ShareAltOutlined,
  SettingOutlined,
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
  { path: "/journeys", label: "Journeys", labelZh: "旅程", icon: <NodeIndexOutlined /> },
  { path: "/audiences", label: "Audiences", labelZh: "人群", icon: <AppstoreOutlined /> },
  { path: "/rfm", label: "RFM", labelZh: "分群", icon: <PieChartOutlined /> },
  { path: "/members", label: "Members", labelZh: "会员", icon: <TeamOutlined /> },
  { path: "/coupons", label: "Coupons", labelZh: "优惠券", icon: <GiftOutlined /> },
  { path: "/referrals", label: "Referrals", labelZh: "推荐", icon: <ShareAltOutlined /> },
  { path: "/templates", label: "Templates", labelZh: "模板", icon: <FileTextOutlined /> },
  { path: "/reports", label: "Reports", labelZh: "报表", icon: <BarChartOutlined /> },
  { path: "/settings", label: "Settings", labelZh: "设置", icon: <SettingOutlined /> },
];
