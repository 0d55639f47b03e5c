import { ImportOutlined, PlusOutlined, SearchOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Input, Select, Space } from "antd";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { archiveJourney, listJourneys } from "../../api/journeys";
import type { JourneySummary } from "../../api/types";
import { useSession } from "../../auth/useSession";
import { ListCard } from "../../components/ListCard";
import { PageHeader } from "../../layout/PageHeader";
import { ImportModal } from "./ImportModal";
import { journeyColumns } from "./journeyColumns";
import { NewJourneyModal } from "./NewJourneyModal";

const STATUSES = ["draft", "published", "paused", "archived"];

export function JourneysPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const { modal, message } = AntApp.useApp();
  const { user } = useSession();
  const canEdit = user?.role === "admin" || user?.role === "marketer";
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState<{ source: JourneySummary | null } | null>(null);
  const [importing, setImporting] = useState(false);
  const query = useQuery({
    queryKey: ["journeys"],
    queryFn: ({ signal }) => listJourneys(signal).then((d) => d.journeys),
  });
  const open = (key: string) => navigate(`/journeys/${encodeURIComponent(key)}`);
  const needle = search.trim().toLowerCase();
  const filtered = useMemo(
    () => ({
      ...query,
      data: query.data?.filter((j) => (!needle || `${j.name} ${j.key}`.toLowerCase().includes(needle)) && (!status || j.status === status)),
    }),
    [query, needle, status],
  );
  const columns = journeyColumns({
    canEdit,
    onDuplicate: (row) => setCreating({ source: row }),
    onArchive: (row) =>
      modal.confirm({
        title: `Archive “${row.name}”?`,
        content: "The journey stops: no one enters, and members still inside leave it. It stays readable.",
        okText: "Archive",
        okButtonProps: { danger: true },
        onOk: () =>
          archiveJourney(row.key).then(
            () => {
              void client.invalidateQueries({ queryKey: ["journeys"] });
              void message.success(`${row.name} archived.`);
            },
            (err: unknown) => void message.error(err instanceof Error ? err.message : "Archiving failed."),
          ),
      }),
  });
  const filtering = Boolean(needle || status) && Boolean(query.data?.length);
  return (
    <>
      <PageHeader
        title="Journeys 旅程"
        subtitle="Member journeys: who enters, what happens to each member, and when they leave."
        extra={
          <Space wrap>
            <Input allowClear prefix={<SearchOutlined />} placeholder="Search by name or key" value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} />
            <Select allowClear placeholder="Any status" aria-label="Status" value={status} onChange={setStatus} style={{ width: 140 }} options={STATUSES.map((s) => ({ value: s, label: s }))} />
            {user?.role === "admin" ? (
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
                Import
              </Button>
            ) : null}
            {canEdit ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({ source: null })}>
                New journey
              </Button>
            ) : null}
          </Space>
        }
      />
      <ListCard<JourneySummary>
        query={filtered as typeof query}
        columns={columns}
        rowKey="key"
        onRowClick={(row) => open(row.key)}
        emptyTitle={filtering ? "No journey matches" : "No journeys yet"}
        emptyText={
          filtering
            ? "Try part of the journey's name or key, or another status."
            : "A journey is a graph of steps for members: an entry (audience, event, schedule or date), waits, checks, A/B splits, coupons, points, tags and messages. Create one and draw it on the canvas, or import a JSON file."
        }
      />
      <NewJourneyModal
        open={creating !== null}
        source={creating?.source ?? null}
        onClose={() => setCreating(null)}
        onCreated={(result) => {
          setCreating(null);
          void client.invalidateQueries({ queryKey: ["journeys"] });
          open(result.journey.key);
        }}
      />
      <ImportModal
        open={importing}
        onClose={() => setImporting(false)}
        onImported={(result) => {
          setImporting(false);
          // Say what the import did: a new journey, or a new draft of one that existed.
          void message.success(
            result.created
              ? `Imported “${result.journey.name ?? result.journey.key}” as a new journey (version ${result.version.number}, ${result.version.status}).`
              : `“${result.journey.name ?? result.journey.key}” exists already: the import is its draft now (version ${result.version.number}); the published version is untouched.`,
            6,
          );
          void client.invalidateQueries({ queryKey: ["journeys"] });
          void client.invalidateQueries({ queryKey: ["journey", result.journey.key] });
          open(result.journey.key);
        }}
      />
    </>
  );
}
