import { ArrowLeftOutlined } from "@ant-design/icons";
import { Button, Card, Select, Skeleton, Space, Typography } from "antd";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { DiffView } from "../../canvas/DiffView";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RestoreButton } from "./RestoreButton";
import { useJourneyDetail, useNodeTypes, useVersion } from "./useJourneyData";

/** Compare two versions of a journey on one canvas. */
export function VersionDiffPage() {
  const { key = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const detail = useJourneyDetail(key);
  const nodeTypes = useNodeTypes();
  const versions = detail.data?.versions ?? [];
  const latest = versions.at(-1)?.number;
  const to = Number(search.get("to") ?? latest ?? 0) || undefined;
  const from = Number(search.get("from") ?? (to ? to - 1 : 0)) || undefined;
  const older = useVersion(key, from);
  const newer = useVersion(key, to);
  const pick = (name: "from" | "to", value: number) => {
    const next = new URLSearchParams(search);
    next.set(name, String(value));
    setSearch(next);
  };
  const options = versions.map((v) => ({ value: v.number, label: `v${v.number} · ${v.status}` }));
  const error = detail.error ?? nodeTypes.error ?? older.error ?? newer.error;
  return (
    <>
      <div className="editor-title">
        <Space size={12} wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/journeys/${encodeURIComponent(key)}`)}>
            Back to the editor
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {detail.data?.journey.name ?? key}: compare versions
          </Typography.Title>
          <Select aria-label="Older version" style={{ width: 150 }} value={from} options={options} onChange={(v) => pick("from", v)} />
          <span>→</span>
          <Select aria-label="Newer version" style={{ width: 150 }} value={to} options={options} onChange={(v) => pick("to", v)} />
          {older.data && versions.length ? (
            <RestoreButton journeyKey={key} version={older.data.version} newest={versions[versions.length - 1]!} />
          ) : null}
        </Space>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      {!error && detail.data && versions.length < 2 ? (
        <Card>
          <EmptyState title="Only one version" description="Publish the journey and change it to get a second version to compare." />
        </Card>
      ) : null}
      {!error && (!older.data || !newer.data || !nodeTypes.data) && versions.length >= 2 ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : null}
      {older.data && newer.data && nodeTypes.data ? (
        <DiffView older={older.data.version.document} newer={newer.data.version.document} nodeTypes={nodeTypes.data} />
      ) : null}
    </>
  );
}
