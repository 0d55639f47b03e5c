import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { MenuFoldOutlined, MenuUnfoldOutlined } from "@ant-design/icons";
import { Alert, App as AntApp, Badge, Button, Tabs } from "antd";
import { useCallback, useMemo, useState } from "react";
import { exportUrl, validateDocument, type JourneyDocument, type NodeType, type VersionInfo } from "../api/journeys";
import type { Violation } from "../api/types";
import { ErrorAlert } from "../components/ErrorAlert";
import { useNarrow } from "../layout/useNarrow";
import "./canvas.css";
import { DecorationsContext, groupViolations } from "./decorations";
import { EditorCanvas } from "./EditorCanvas";
import { EditorToolbar } from "./EditorToolbar";
import { NODE_WIDTH } from "./layout";
import { Palette } from "./Palette";
import { ConfigPanel } from "./panel/ConfigPanel";
import { ExperimentResults } from "../reports/ExperimentResults";
import { SettingsDrawer } from "./panel/SettingsDrawer";
import { TestRunDrawer } from "./panel/TestRunDrawer";
import { ViolationsPanel } from "./panel/ViolationsPanel";
import { ConflictBanner } from "./ConflictBanner";
import { PublishDialog } from "./PublishDialog";
import { SaveIndicator } from "./SaveIndicator";
import { useAutosave } from "./useAutosave";
import { useEditorState } from "./useEditorState";
import { useJourneyRuntime } from "./useJourneyRuntime";
import { useLiveEdges } from "./useLiveEdges";
import type { Forecast } from "../api/forecast";
import { ForecastPanel } from "../forecast/ForecastPanel";

export interface EditorProps {
  journeyKey: string;
  status: string;
  document: JourneyDocument;
  /** The revision of the version opened, which the first save is based on. */
  revision: string;
  versions: VersionInfo[];
  initialViolations: Violation[];
  nodeTypes: NodeType[];
  readOnly: boolean;
  canEdit: boolean;
  isAdmin: boolean;
  onOpenVersion: (n: number) => void;
  onCompare: () => void;
}

/** The journey canvas editor: palette, canvas, side panel, toolbar; saves drafts as you go. */
export function JourneyEditor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function Editor(props: EditorProps) {
  const { journeyKey: key, status, readOnly, canEdit } = props;
  const { message, modal } = AntApp.useApp();
  const flow = useReactFlow();
  const editor = useEditorState(props.document);
  const client = useQueryClient();
  const autosave = useAutosave(key, editor.document, {
    enabled: !readOnly,
    baseRevision: props.revision,
    initialViolations: props.initialViolations,
    // A save after publishing starts a new draft version: the header and versions list must show it.
    onSaved: (_version, created) => {
      if (created) void client.invalidateQueries({ queryKey: ["journey", key] });
      void client.invalidateQueries({ queryKey: ["journeys"] });
    },
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState("problems");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [testing, setTesting] = useState(false);
  const [confirmingPublish, setConfirmingPublish] = useState(false);
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const runtime = useJourneyRuntime(key, status, testing, autosave.flush);

  const readOnlyCheck = useQuery({
    queryKey: ["validate-version", key, props.document],
    enabled: readOnly,
    queryFn: () => validateDocument(props.document).then((d) => d.violations),
  });
  const violations = readOnly ? (readOnlyCheck.data ?? props.initialViolations) : autosave.violations;
  const errorCount = violations.filter((v) => v.severity === "error").length;
  const publishBlockers = violations.filter((v) => v.severity === "error" || v.blocks_publishing).length;
  const typesByName = useMemo(() => new Map(props.nodeTypes.map((t) => [t.type, t])), [props.nodeTypes]);

  const liveEdges = useLiveEdges(key, props.versions, runtime.counters !== null);
  const decorations = useMemo(() => {
    const { byNode, byEdge } = groupViolations(violations);
    return {
      nodeTypes: typesByName,
      violationsByNode: byNode,
      violationsByEdge: byEdge,
      counters: runtime.counters,
      edgeCounters: runtime.edgeCounters,
      liveEdges,
      testMembers: runtime.testMembers,
      diff: null,
      edgeDiff: null,
      forecast: forecast?.nodes ?? null,
    };
  }, [violations, typesByName, runtime.counters, runtime.edgeCounters, liveEdges, runtime.testMembers, forecast]);

  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    if (id) setTab("node");
  }, []);

  // On narrow screens the side panel folds away while no node is selected, unless opened.
  const narrow = useNarrow();
  const [panelOpen, setPanelOpen] = useState<boolean | null>(null);
  const panelShown = panelOpen ?? (!narrow || selectedId !== null);

  const addAtCenter = (type: NodeType) => {
    const box = document.querySelector(".canvas-wrap")?.getBoundingClientRect();
    const center = flow.screenToFlowPosition({ x: (box?.left ?? 0) + (box?.width ?? 0) / 2, y: (box?.top ?? 0) + (box?.height ?? 0) / 2 });
    const wanted = { x: Math.round(center.x / 20) * 20 - 100, y: Math.round(center.y / 20) * 20 };
    select(editor.addNode(type.type, wanted, type.default_config, { avoid: true }));
  };

  const focus = (v: Violation) => {
    const edge = v.edge_id ? editor.edges.find((e) => e.id === v.edge_id) : undefined;
    const node = editor.nodes.find((n) => n.id === (v.node_id ?? edge?.source));
    if (!node) return;
    editor.selectOnly(node.id);
    select(node.id);
    void flow.setCenter(node.position.x + NODE_WIDTH / 2, node.position.y + 40, { zoom: 1, duration: 300 });
  };

  const selected = editor.nodes.find((n) => n.id === selectedId);
  const act = (mutation: { mutateAsync: () => Promise<unknown> }, done: string) =>
    mutation.mutateAsync().then(
      () => void message.success(done),
      (err: unknown) => void message.error(err instanceof Error ? err.message : "The request failed."),
    );
  const hasDraft = props.versions.at(-1)?.status === "draft" || autosave.state !== "saved";
  const lifecycleError = runtime.publish.error ?? runtime.pause.error ?? runtime.resume.error;

  return (
    <DecorationsContext.Provider value={decorations}>
      <div className="editor">
        <EditorToolbar
          status={status}
          readOnly={readOnly}
          canEdit={canEdit}
          isAdmin={props.isAdmin}
          canUndo={editor.canUndo}
          canRedo={editor.canRedo}
          publishBlockers={publishBlockers}
          hasDraft={hasDraft}
          busy={runtime.publish.isPending || runtime.pause.isPending || runtime.resume.isPending}
          versions={props.versions}
          saveIndicator={<SaveIndicator state={autosave.state} error={autosave.error} savedAt={autosave.savedAt} />}
          exportHref={exportUrl(key)}
          liveHref={status === "published" || status === "paused" ? `/journeys/${encodeURIComponent(key)}/live` : undefined}
          onUndo={editor.undo}
          onRedo={editor.redo}
          onLayout={() => {
            editor.layout();
            window.setTimeout(() => void flow.fitView({ padding: 0.2, duration: 300 }), 50);
          }}
          onSettings={() => setSettingsOpen(true)}
          onTest={() => setTesting(true)}
          onPublish={() => {
            void autosave.flush().then((ok) => (ok ? setConfirmingPublish(true) : void message.error("The draft could not be saved; see the save status.")));
          }}
          onPause={() =>
            modal.confirm({
              title: `Pause ${editor.header.name}?`,
              content: "No member enters and no step runs until you resume; waits keep counting down, and members who fall due meanwhile go on when you resume.",
              okText: "Pause",
              okButtonProps: { danger: true },
              onOk: () => act(runtime.pause, "Paused: no entries or steps until you resume."),
            })
          }
          onResume={() => void act(runtime.resume, "Resumed.")}
          onOpenVersion={props.onOpenVersion}
          onCompare={props.onCompare}
        />
        {lifecycleError ? <ErrorAlert error={lifecycleError} /> : null}
        {autosave.conflict ? <ConflictBanner conflict={autosave.conflict} onKeepMine={() => void autosave.keepMine()} onReload={autosave.reload} /> : null}
        {!readOnly && props.versions.at(-1)?.status === "published" && autosave.state === "saved" && !autosave.savedAt ? (
          <Alert type="info" showIcon banner message="This is the live version. Your first change starts a new draft version; the live one keeps running until you publish." />
        ) : null}
        <div className="editor-body">
          {readOnly ? null : <Palette nodeTypes={props.nodeTypes} onAdd={addAtCenter} compact={narrow} />}
          <EditorCanvas editor={editor} nodeTypes={typesByName} readOnly={readOnly} onSelectionChange={select} />
          <Button
            className="side-panel-toggle"
            size="small"
            aria-label={panelShown ? "Hide the side panel" : "Show the side panel"}
            icon={panelShown ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setPanelOpen(!panelShown)}
          />
          <aside className="side-panel" hidden={!panelShown} data-testid="side-panel">
            <Tabs
              activeKey={selected || tab !== "node" ? tab : "problems"}
              onChange={setTab}
              items={[
                {
                  key: "node",
                  label: "Node",
                  disabled: !selected,
                  children: selected ? (
                    <>
                      {runtime.counters && selected.data.type === "split.experiment" ? (
                        <ExperimentResults journeyKey={key} nodeId={selected.id} counters={runtime.counters} compact />
                      ) : null}
                      <ConfigPanel
                        node={selected}
                        nodeType={typesByName.get(selected.data.type)}
                        violations={decorations.violationsByNode.get(selected.id) ?? []}
                        readOnly={readOnly}
                        onChange={(patch, field) => editor.updateNode(selected.id, patch, field)}
                        onDelete={() => void flow.deleteElements({ nodes: [{ id: selected.id }] })}
                        onDuplicate={() => {
                          editor.copy();
                          editor.paste();
                        }}
                      />
                    </>
                  ) : null,
                },
                {
                  key: "problems",
                  label: (
                    <span data-testid="problems-tab">
                      Problems <Badge count={violations.length} color={errorCount ? "#ff4d4f" : "#faad14"} showZero={false} size="small" />
                    </span>
                  ),
                  children: (
                    <ViolationsPanel
                      violations={violations}
                      onFocus={focus}
                      names={Object.fromEntries(
                        editor.nodes.map((n) => [n.id, n.data.label || typesByName.get(n.data.type)?.label || n.id]),
                      )}
                    />
                  ),
                },
                {
                  key: "forecast",
                  label: <span data-testid="forecast-tab">Forecast</span>,
                  children: <ForecastPanel journeyKey={key} forecast={forecast} onForecast={setForecast} beforeRun={readOnly ? undefined : autosave.flush} />,
                },
              ]}
            />
          </aside>
        </div>
      </div>
      <PublishDialog
        journeyKey={key}
        open={confirmingPublish}
        publishing={runtime.publish.isPending}
        onCancel={() => setConfirmingPublish(false)}
        onConfirm={(move) =>
          void act(
            { mutateAsync: () => runtime.publish.mutateAsync(move) },
            move ? "Published: members inside moved to this version." : "Published: new members now enter this version.",
          ).then(() => setConfirmingPublish(false))
        }
      />
      <SettingsDrawer open={settingsOpen} header={editor.header} readOnly={readOnly} onClose={() => setSettingsOpen(false)} onChange={editor.setHeader} />
      <TestRunDrawer
        open={testing}
        runs={runtime.testRuns.data ?? []}
        runsError={runtime.testRuns.error}
        running={runtime.runTest.isPending}
        runError={runtime.runTest.error}
        onClose={() => setTesting(false)}
        onRun={(ids) => runtime.runTest.mutate(ids)}
      />
    </DecorationsContext.Provider>
  );
}
