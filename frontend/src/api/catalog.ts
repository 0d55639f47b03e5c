import { api } from "./client";
import type { Audience, CouponTemplate, JourneyDetail, JourneySummary, MessageTemplate } from "./types";

export const listJourneys = (signal?: AbortSignal) =>
  api.get<{ journeys: JourneySummary[] }>("/api/journeys", signal);
export const getJourney = (key: string, signal?: AbortSignal) =>
  api.get<JourneyDetail>(`/api/journeys/${encodeURIComponent(key)}`, signal);

export const listAudiences = (signal?: AbortSignal) =>
  api.get<{ audiences: Audience[] }>("/api/audiences", signal);
export const listCouponTemplates = (signal?: AbortSignal) =>
  api.get<{ templates: CouponTemplate[] }>("/api/coupon-templates", signal);
export const listMessageTemplates = (signal?: AbortSignal) =>
  api.get<{ templates: MessageTemplate[] }>("/api/message-templates", signal);
