import { Card, Skeleton } from "antd";
import { lazy, type ComponentType } from "react";

/** A page loaded with its own code the first time it is opened (pages export by name). */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

/** What shows while a page's code loads. */
export function PageFallback() {
  return (
    <Card>
      <Skeleton active paragraph={{ rows: 6 }} />
    </Card>
  );
}
