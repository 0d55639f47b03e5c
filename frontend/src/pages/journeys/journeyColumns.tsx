import { BarChartOutlined, MoreOutlined } from "@ant-design/icons";
import { Button, Dropdown, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";
import type { JourneySummary } from "../../api/types";
import { StatusTag } from "../../components/StatusTag";
import { formatDateTime } from "../../format/format";

interface Actions {
  canEdit: boolean;
  onDuplicate: (row: JourneySummary) => void;
  onArchive: (row: JourneySummary) => void;
}

/** The journeys table: name and key, status, version, owner, last change, a link to the report, and row actions. */
export function journeyColumns({ canEdit, onDuplicate, onArchive }: Actions): ColumnsType<JourneySummary> {
  return [
    {
      title: "Journey",
      dataIndex: "name",
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (name: string, row) => (
        <>
          <Typography.Text strong>{name}</Typography.Text>
          <div className="muted mono">{row.key}</div>
        </>
      ),
    },
    { title: "Status", dataIndex: "status", width: 130, render: (s: string) => <StatusTag status={s} /> },
    { title: "Version", dataIndex: "version", width: 100, align: "right", render: (v: number | null) => (v == null ? "—" : `v${v}`) },
    { title: "Owner", dataIndex: "owner", width: 220, render: (o: string | null) => o ?? "—" },
    {
      title: "Last change",
      dataIndex: "updated_at",
      width: 180,
      defaultSortOrder: "descend",
      sorter: (a, b) => a.updated_at.localeCompare(b.updated_at),
      render: (v: string) => formatDateTime(v),
    },
    {
      title: "",
      key: "report",
      width: 100,
      render: (_: unknown, row) => (
        <Link
          to={`/reports/${encodeURIComponent(row.key)}`}
          onClick={(e) => e.stopPropagation()}
          aria-label={`Report of ${row.name}`}
        >
          <BarChartOutlined /> Report
        </Link>
      ),
    },
    {
      title: "",
      key: "actions",
      width: 56,
      render: (_: unknown, row) =>
        canEdit ? (
          <span onClick={(e) => e.stopPropagation()}>
            <Dropdown
              trigger={["click"]}
              menu={{
                items: [
                  { key: "duplicate", label: "Duplicate…", onClick: () => onDuplicate(row) },
                  { key: "archive", label: "Archive…", danger: true, disabled: row.status === "archived", onClick: () => onArchive(row) },
                ],
              }}
            >
              <Button type="text" aria-label={`Actions for ${row.name}`} icon={<MoreOutlined />} />
            </Dropdown>
          </span>
        ) : null,
    },
  ];
}
