import type { UseQueryResult } from "@tanstack/react-query";
import { Card, Skeleton, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { ApiError } from "../api/client";
import { EmptyState } from "./EmptyState";
import { ErrorAlert } from "./ErrorAlert";

interface Props<T> {
  query: UseQueryResult<T[]>;
  columns: ColumnsType<T>;
  rowKey: keyof T & string;
  emptyTitle: string;
  emptyText: ReactNode;
  onRowClick?: (row: T) => void;
  /** A heading, when the list shares its page with other sections. */
  title?: ReactNode;
}

/** A list loaded from the API: a skeleton while loading, the server's error, or an empty state. */
export function ListCard<T extends object>({ query, columns, rowKey, emptyTitle, emptyText, onRowClick, title }: Props<T>) {
  let body: ReactNode;
  const notBuilt = query.error instanceof ApiError && query.error.isNotFound;
  if (query.isLoading) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (query.error && !notBuilt) {
    body = <ErrorAlert error={query.error} />;
  } else if (notBuilt || !query.data || query.data.length === 0) {
    body = <EmptyState title={emptyTitle} description={emptyText} />;
  } else {
    body = (
      <Table<T>
        className={onRowClick ? "clickable-rows" : undefined}
        rowKey={rowKey}
        columns={columns}
        dataSource={query.data}
        pagination={query.data.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        onRow={onRowClick ? (row) => ({ onClick: () => onRowClick(row) }) : undefined}
      />
    );
  }
  return <Card title={title}>{body}</Card>;
}
