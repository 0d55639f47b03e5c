import { useQuery } from "@tanstack/react-query";
import { Skeleton, Typography } from "antd";
import { forecastJourney } from "../api/forecast";
import { ErrorAlert } from "../components/ErrorAlert";
import { ForecastFigures } from "./ForecastFigures";

/** The publish dialog's forecast: the engine run in a sandbox over 90 days, nothing sent. */
export function ForecastSummary({ journeyKey, enabled }: { journeyKey: string; enabled: boolean }) {
  const forecast = useQuery({
    queryKey: ["journey-forecast", journeyKey],
    enabled,
    gcTime: 0,
    staleTime: 0,
    // Kept with the version, so its report can measure it after publishing.
    queryFn: () => forecastJourney(journeyKey, { keep: true }),
  });
  return (
    <div style={{ marginTop: 16 }} data-testid="publish-forecast">
      <Typography.Title level={5}>Forecast</Typography.Title>
      {forecast.error ? <ErrorAlert error={forecast.error} /> : null}
      {forecast.data ? <ForecastFigures forecast={forecast.data} /> : forecast.error ? null : <Skeleton active paragraph={{ rows: 3 }} />}
    </div>
  );
}
