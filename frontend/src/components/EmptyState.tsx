import { Empty } from "antd";
import type { ReactNode } from "react";

/** An empty list, with a sentence saying what the page will hold. */
export function EmptyState({ title, description }: { title: string; description: ReactNode }) {
  return (
    <Empty
      className="empty-state"
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <div>
          <div className="empty-title">{title}</div>
          <div className="empty-text">{description}</div>
        </div>
      }
    />
  );
}
