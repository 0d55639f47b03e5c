import {
  ApiOutlined,
  BellOutlined,
  BranchesOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  CrownOutlined,
  DollarOutlined,
  EditOutlined,
  ExperimentOutlined,
  GiftOutlined,
  HourglassOutlined,
  LinkOutlined,
  LogoutOutlined,
  NodeIndexOutlined,
  SendOutlined,
  SwapOutlined,
  TagOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  AppstoreOutlined,
  AlertOutlined,
} from "@ant-design/icons";
import type { ComponentType } from "react";

/** The server names icons (GET /api/node-types); these are the antd icons drawn for them. */
const ICONS: Record<string, ComponentType> = {
  plug: ApiOutlined,
  users: TeamOutlined,
  calendar: CalendarOutlined,
  zap: ThunderboltOutlined,
  "log-out": LogoutOutlined,
  "git-branch": BranchesOutlined,
  "flask-conical": ExperimentOutlined,
  "list-tree": NodeIndexOutlined,
  shuffle: SwapOutlined,
  hourglass: HourglassOutlined,
  bell: BellOutlined,
  alert: AlertOutlined,
  clock: ClockCircleOutlined,
  pencil: EditOutlined,
  ticket: GiftOutlined,
  coins: DollarOutlined,
  send: SendOutlined,
  tag: TagOutlined,
  crown: CrownOutlined,
  webhook: LinkOutlined,
};

export function NodeIcon({ name }: { name: string | undefined }) {
  const Icon = (name && ICONS[name]) || AppstoreOutlined;
  return <Icon />;
}
