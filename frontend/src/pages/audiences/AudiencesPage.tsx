import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useNavigate } from "react-router";
import { listSavedAudiences, type SavedAudience } from "../../api/audiences";
import { useSession } from "../../auth/useSession";
import { ListCard } from "../../components/ListCard";
import { EMPTY, formatDateTime, formatNumber } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { DeleteAudienceButton } from "./DeleteAudienceButton";

function columns(canEdit: boolean): ColumnsType<SavedAudience> {
  const list: ColumnsType<SavedAudience> = [
    {
      title: "Audience",
      dataIndex: "name",
      render: (name: string, row) => (
        <>
          <Typography.Text strong>{name}</Typography.Text>
          <div className="muted mono">{row.key}</div>
        </>
      ),
    },
    { title: "Description", dataIndex: "description", ellipsis: true, render: (d: string) => d || EMPTY },
    {
      title: "Size",
      dataIndex: "last_size",
      align: "right",
      width: 150,
      render: (n: number | null, row) =>
        n == null ? (
          <span className="muted">Not counted yet</span>
        ) : (
          <span title={`Counted ${formatDateTime(row.last_size_at)}`} data-testid={`size-${row.key}`}>
            {formatNumber(n)}
            <div className="muted">{formatDateTime(row.last_size_at)}</div>
          </span>
        ),
    },
    { title: "Last change", dataIndex: "updated_at", width: 170, render: (v: string | null) => formatDateTime(v) },
  ];
  if (canEdit) {
    list.push({
      title: "",
      key: "actions",
      width: 56,
      align: "center",
      render: (_: unknown, row) => <DeleteAudienceButton audienceKey={row.key} name={row.name} compact />,
    });
  }
  return list;
}

/** Saved audiences with their size and last change; a row opens the rule builder. */
export function AudiencesPage() {
  const navigate = useNavigate();
  const { user } = useSession();
  const canEdit = user?.role !== "viewer";
  const query = useQuery({ queryKey: ["audiences"], queryFn: ({ signal }) => listSavedAudiences(signal) });
  return (
    <>
      <PageHeader
        title="Audiences 人群"
        subtitle="Saved groups of members, defined by rules on profile, behaviour, orders, tags and RFM."
        extra={
          canEdit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/audiences/new")}>
              New audience
            </Button>
          ) : null
        }
      />
      <ListCard<SavedAudience>
        query={query}
        columns={columns(canEdit)}
        rowKey="key"
        emptyTitle="No audiences yet"
        emptyText="Audiences are saved member groups — for example gold members in Shanghai who have not ordered in 30 days. Journeys use them to decide who enters and who takes which branch."
        onRowClick={(row) => navigate(`/audiences/${encodeURIComponent(row.key)}`)}
      />
    </>
  );
}
