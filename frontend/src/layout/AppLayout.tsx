import { Flex, Layout } from "antd";
import { Suspense, useState } from "react";
import { AlertBell } from "../alerts/AlertBell";
import { Outlet, useLocation } from "react-router";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { PageFallback } from "../lazyPage";
import { NavMenu } from "./NavMenu";
import { useNarrow } from "./useNarrow";
import { UserMenu } from "./UserMenu";

/** The signed-in frame: navigation on the left, the user on top, the page in the middle. */
export function AppLayout() {
  const location = useLocation();
  const narrow = useNarrow();
  // Folded on narrow screens until the user opens it; their choice wins from then on.
  const [folded, setFolded] = useState<boolean | null>(null);
  return (
    <Layout className="app-layout">
      <Layout.Sider
        width={224}
        collapsedWidth={64}
        className="app-sider"
        collapsible
        collapsed={folded ?? narrow}
        onCollapse={(value) => setFolded(value)}
        data-testid="app-sider"
      >
        <div className="sider-inner">
          <div className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span className="brand-name">Loyalty Canvas</span>
          </div>
          <NavMenu />
        </div>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Flex align="center" gap={16}>
            <AlertBell />
            <UserMenu />
          </Flex>
        </Layout.Header>
        <Layout.Content className="app-content">
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<PageFallback />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
