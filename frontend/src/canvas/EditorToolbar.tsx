import {
  ApartmentOutlined,
  CaretRightOutlined,
  DiffOutlined,
  DashboardOutlined,
  DownloadOutlined,
  ExperimentOutlined,
  HistoryOutlined,
  PauseOutlined,
  RedoOutlined,
  SendOutlined,
  SettingOutlined,
  UndoOutlined,
} from "@ant-design/icons";
import { Button, Divider, Dropdown, Space, Tooltip } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { VersionInfo } from "../api/journeys";

interface Props {
  status: string;
  readOnly: boolean;
  canEdit: boolean;
  isAdmin: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** Errors and publish-blocking warnings still on the journey. */
  publishBlockers: number;
  hasDraft: boolean;
  busy: boolean;
  versions: VersionInfo[];
  saveIndicator: ReactNode;
  /** The live page of a running journey (published or paused); none before the first publish. */
  liveHref?: string;
  exportHref: string;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onSettings: () => void;
  onTest: () => void;
  onPublish: () => void;
  onPause: () => void;
  onResume: () => void;
  onOpenVersion: (n: number) => void;
  onCompare: () => void;
}

/** Editing tools on the left; saving, versions and the journey's lifecycle on the right. */
export function EditorToolbar(props: Props) {
  const { status, readOnly, canEdit, publishBlockers, hasDraft, busy } = props;
  const publishBlocked =
    publishBlockers > 0
      ? `Fix ${publishBlockers} problem${publishBlockers === 1 ? "" : "s"} first`
      : !hasDraft
        ? "No draft to publish"
        : null;
  return (
    <div className="editor-toolbar">
      <Space size={4} wrap>
        <Tooltip title="Undo (Ctrl+Z)">
          <Button aria-label="Undo" icon={<UndoOutlined />} disabled={readOnly || !props.canUndo} onClick={props.onUndo} />
        </Tooltip>
        <Tooltip title="Redo (Ctrl+Shift+Z)">
          <Button aria-label="Redo" icon={<RedoOutlined />} disabled={readOnly || !props.canRedo} onClick={props.onRedo} />
        </Tooltip>
        <Button icon={<ApartmentOutlined />} disabled={readOnly} onClick={props.onLayout}>
          Auto layout
        </Button>
        <Button icon={<SettingOutlined />} onClick={props.onSettings}>
          Settings
        </Button>
        <Button icon={<ExperimentOutlined />} disabled={!canEdit} onClick={props.onTest}>
          Test
        </Button>
      </Space>
      <Space size={8} wrap>
        {readOnly ? null : props.saveIndicator}
        {props.liveHref ? (
          <Link to={props.liveHref}>
            <Button icon={<DashboardOutlined />}>Live view</Button>
          </Link>
        ) : null}
        <Dropdown
          trigger={["click"]}
          menu={{
            items: [
              ...[...props.versions].reverse().map((v) => ({
                key: String(v.number),
                label: `Version ${v.number} · ${v.status}`,
                onClick: () => props.onOpenVersion(v.number),
              })),
              { type: "divider" as const },
              { key: "compare", icon: <DiffOutlined />, label: "Compare versions…", disabled: props.versions.length < 2, onClick: props.onCompare },
            ],
          }}
        >
          <Button icon={<HistoryOutlined />}>Versions</Button>
        </Dropdown>
        {props.isAdmin ? (
          <Dropdown
            trigger={["click"]}
            menu={{
              items: [
                { key: "doc", label: <a href={props.exportHref} download>Journey file (JSON)</a> },
                {
                  key: "bundle",
                  label: (
                    <a href={`${props.exportHref}${props.exportHref.includes("?") ? "&" : "?"}bundle=1`} download>
                      Bundle: journey with its audiences and templates
                    </a>
                  ),
                },
              ],
            }}
          >
            <Button icon={<DownloadOutlined />}>Export</Button>
          </Dropdown>
        ) : null}
        <Divider type="vertical" />
        {status === "published" ? (
          <Button icon={<PauseOutlined />} disabled={!canEdit || busy} onClick={props.onPause}>
            Pause
          </Button>
        ) : null}
        {status === "paused" ? (
          <Button icon={<CaretRightOutlined />} disabled={!canEdit || busy} onClick={props.onResume}>
            Resume
          </Button>
        ) : null}
        <Tooltip title={canEdit ? publishBlocked : "You cannot publish"}>
          <Button type="primary" icon={<SendOutlined />} disabled={!canEdit || readOnly || Boolean(publishBlocked)} loading={busy} onClick={props.onPublish}>
            Publish
          </Button>
        </Tooltip>
      </Space>
    </div>
  );
}
