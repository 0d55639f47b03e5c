import { useQuery } from "@tanstack/react-query";
import { Input, Space, Spin } from "antd";
import { useState } from "react";
import { ApiError } from "../api/client";
import { EmptyState } from "../components/EmptyState";
import { ErrorAlert } from "../components/ErrorAlert";
import { getMemberPath } from "./memberPath";
import { MemberRunPath } from "./MemberRunPath";

/** Look up one member by external id: where they are in the journey and their path so far. */
export function MemberPath({ journeyKey, initialMember = "" }: { journeyKey: string; initialMember?: string }) {
  const [member, setMember] = useState(initialMember);
  const query = useQuery({
    queryKey: ["journey-member", journeyKey, member],
    queryFn: ({ signal }) => getMemberPath(journeyKey, member, signal),
    enabled: member !== "",
    retry: (count, error) => !(error instanceof ApiError) && count < 2,
  });
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }} data-testid="member-path">
      <Input.Search
        aria-label="Member external id"
        placeholder="Member external id"
        defaultValue={initialMember}
        enterButton="Find"
        allowClear
        onSearch={(value) => setMember(value.trim())}
      />
      {member === "" ? (
        <EmptyState title="Find a member" description="Enter a member's external id to see their path." />
      ) : query.isLoading ? (
        <Spin />
      ) : query.error ? (
        <ErrorAlert error={query.error} />
      ) : !query.data?.runs.length ? (
        <EmptyState title="Not in this journey" description={`Member ${member} has not entered this journey.`} />
      ) : (
        query.data.runs.map((run) => <MemberRunPath key={`${run.entry_key}-${run.entered_at}`} run={run} />)
      )}
    </Space>
  );
}
