import { Descriptions, Typography } from "antd";
import type { ChannelRates, Forecast } from "../api/forecast";
import { interval } from "./format";

const CHANNELS: Record<string, string> = { email: "Email", sms: "SMS", push: "Push", inapp: "In-app inbox", webhook: "Webhook" };
const REASONS: Record<string, string> = {
  quiet_hours: "quiet hours",
  journey_quiet_hours: "the journey's quiet hours",
  day_cap: "the daily cap",
  week_cap: "the weekly cap",
};

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** Where the outcomes' rates come from: the channel's sends of the last 90 days. */
export function historySentence(rates: ChannelRates | null): string {
  if (!rates) return "No sends in the last 90 days: none drawn.";
  return `At its rates over its last 90 days (${rates.history_sent.toLocaleString("en-US")} sent): ${percent(rates.open_rate)} opened, ${percent(rates.click_rate)} clicked, ${percent(rates.unsubscribe_rate)} left per message.`;
}

/** The forecast's totals: sends and their cost, deferrals, coupons and their liability,
 *  attributed orders and return on spend, each with its 90% interval. */
export function ForecastFigures({ forecast }: { forecast: Forecast }) {
  const channels = Object.entries(forecast.sends);
  return (
    <div data-testid="forecast-figures">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {forecast.note} Over {forecast.days} days; 90% intervals in brackets.
      </Typography.Paragraph>
      <Descriptions size="small" column={1} bordered>
        {channels.map(([channel, figures]) => (
          <Descriptions.Item key={channel} label={`${CHANNELS[channel] ?? channel} messages sent`}>
            <span data-testid={`forecast-sends-${channel}`}>{interval(figures.sent)}</span>
          </Descriptions.Item>
        ))}
        {channels.map(([channel, figures]) => (
          <Descriptions.Item key={`${channel}-outcomes`} label={`${CHANNELS[channel] ?? channel} opens / clicks / unsubscribes`}>
            <span data-testid={`forecast-outcomes-${channel}`}>
              {interval(figures.opened)} / {interval(figures.clicked)} / {interval(figures.unsubscribed)}
            </span>
            <div className="muted">{historySentence(figures.rates)}</div>
          </Descriptions.Item>
        ))}
        {forecast.deferrals.map((d) => (
          <Descriptions.Item key={`${d.channel}-${d.reason}`} label={`${CHANNELS[d.channel] ?? d.channel} deferred by ${REASONS[d.reason] ?? d.reason}`}>
            {interval(d)}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label="SMS cost">
          <span data-testid="forecast-sms-cost">{interval(forecast.sms_cost, 2)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Coupons issued">
          <span data-testid="forecast-coupons">{interval(forecast.coupons.issued)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Coupon liability (face value × expected redemption)">
          {interval(forecast.coupons.liability, 2)}
        </Descriptions.Item>
        <Descriptions.Item label={`Attributed orders (${forecast.attribution_window_days}-day window)`}>
          {interval(forecast.attributed_orders)}
        </Descriptions.Item>
        <Descriptions.Item label="Attributed paid amount">{interval(forecast.attributed_paid, 2)}</Descriptions.Item>
        <Descriptions.Item label="Return on spend">{forecast.return_on_spend ? `${interval(forecast.return_on_spend, 2)}×` : "— (nothing spent)"}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}
