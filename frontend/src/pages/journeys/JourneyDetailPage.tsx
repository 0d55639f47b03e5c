import { ArrowLeftOutlined, BarChartOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Skeleton, Space, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import type { VersionInfo } from "../../api/journeys";
import { useSession } from "../../auth/useSession";
import { JourneyEditor } from "../../canvas/JourneyEditor";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusTag } from "../../components/StatusTag";
import { useJourneyDetail, useNodeTypes, useVersion } from "./useJourneyData";

/** The journey editor: the newest version editable (a new draft when it is live), or an older one read-only. */
export function JourneyDetailPage() {
  const { key = "" } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const requested = search.get("version") ? Number(search.get("version")) : undefined;
  const detail = useJourneyDetail(key);
  const nodeTypes = useNodeTypes();
  const latest = detail.data?.versions.at(-1)?.number;
  // The current draft is the version that was newest when the page opened; saving may add one.
  const [current, setCurrent] = useState<{ key: string; number: number } | undefined>(undefined);
  useEffect(() => {
    if (current?.key !== key && latest !== undefined) setCurrent({ key, number: latest });
  }, [key, latest, current]);
  const opened = requested ?? (current?.key === key ? current.number : undefined);
  const version = useVersion(key, opened);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate("/journeys")}>
      All journeys
    </Button>
  );
  const error = detail.error ?? nodeTypes.error ?? version.error;
  if (error) {
    return (
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        {back}
        <ErrorAlert error={error} />
      </Space>
    );
  }
  if (!detail.data || !nodeTypes.data || !version.data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  const { journey, violations } = detail.data;
  const versions = detail.data.versions as VersionInfo[];
  const role = user?.role ?? "viewer";
  const canEdit = role !== "viewer" && journey.status !== "archived";
  const readOnly = requested !== undefined || !canEdit;
  // The newest version as the server has it now: saving and publishing change it under the editor.
  const shown = requested === undefined ? (versions.at(-1) ?? version.data.version) : version.data.version;
  const compareTo = (n: number) => versions.filter((v) => v.number < n).at(-1)?.number;

  return (
    <>
      <div className="editor-title">
        <Space size={12} align="center" wrap>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }}>
            {journey.name}
          </Typography.Title>
          <StatusTag status={journey.status} />
          <Tag className="mono">{journey.key}</Tag>
          <Tag>
            v{shown.number} · {shown.status}
          </Tag>
          <Button icon={<BarChartOutlined />} onClick={() => navigate(`/reports/${encodeURIComponent(key)}`)}>
            Report
          </Button>
        </Space>
      </div>
      {requested !== undefined ? (
        <Alert
          type="info"
          showIcon
          className="editor-banner"
          message={`Version ${shown.number} (${shown.status}), read-only.`}
          action={
            <Space>
              {compareTo(shown.number) ? (
                <Button size="small" onClick={() => navigate(`/journeys/${encodeURIComponent(key)}/diff?from=${compareTo(shown.number)}&to=${shown.number}`)}>
                  Compare with v{compareTo(shown.number)}
                </Button>
              ) : null}
              <Button size="small" type="primary" onClick={() => navigate(`/journeys/${encodeURIComponent(key)}`)}>
                Back to the current version
              </Button>
            </Space>
          }
        />
      ) : journey.status === "archived" ? (
        <Alert type="warning" showIcon className="editor-banner" message="This journey is archived: it is read-only. Duplicate it from the journeys list to build on it." />
      ) : null}
      <JourneyEditor
        key={`${key}:${requested ?? "current"}`}
        journeyKey={key}
        status={journey.status}
        document={version.data.version.document}
        revision={version.data.version.revision}
        versions={versions}
        initialViolations={requested === undefined ? violations : []}
        nodeTypes={nodeTypes.data}
        readOnly={readOnly}
        canEdit={canEdit}
        isAdmin={role === "admin"}
        onOpenVersion={(n) => navigate(`/journeys/${encodeURIComponent(key)}?version=${n}`)}
        onCompare={() => {
          const to = latest ?? 1;
          navigate(`/journeys/${encodeURIComponent(key)}/diff?from=${compareTo(to) ?? to}&to=${to}`);
        }}
      />
    </>
  );
}
