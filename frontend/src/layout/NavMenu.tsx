import { Menu } from "antd";
import { useLocation, useNavigate } from "react-router";
import { NAV_ITEMS } from "./navItems";

/** The left navigation; the entry whose path starts the current URL is highlighted. */
export function NavMenu() {
  const location = useLocation();
  const navigate = useNavigate();
  const selected = NAV_ITEMS.find((item) => location.pathname.startsWith(item.path))?.path;
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      onClick={({ key }) => navigate(key)}
      items={NAV_ITEMS.map((item) => ({
        key: item.path,
        icon: item.icon,
        label: (
          <span className="nav-label" data-nav={item.label}>
            {item.label}
            <span className="nav-label-zh">{item.labelZh}</span>
          </span>
        ),
      }))}
    />
  );
}
