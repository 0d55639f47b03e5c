import type { ThemeConfig } from "antd";

export const theme: ThemeConfig = {
  token: {
    colorPrimary: "#1f4fd8",
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { siderBg: "#0f1b3d", headerBg: "#ffffff", bodyBg: "#f4f6fb" },
    Menu: { darkItemBg: "#0f1b3d", darkSubMenuItemBg: "#0f1b3d", darkItemSelectedBg: "#1f4fd8" },
  },
};
