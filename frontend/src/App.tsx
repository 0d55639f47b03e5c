import { Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { UnauthorizedRedirect } from "./auth/UnauthorizedRedirect";
import { AppLayout } from "./layout/AppLayout";
import { lazyPage, PageFallback } from "./lazyPage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";

const AudienceEditorPage = lazyPage(() => import("./pages/audiences/AudienceEditorPage"), "AudienceEditorPage");
const AudiencesPage = lazyPage(() => import("./pages/audiences/AudiencesPage"), "AudiencesPage");
const CouponsPage = lazyPage(() => import("./pages/coupons/CouponsPage"), "CouponsPage");
const CouponTemplatePage = lazyPage(() => import("./pages/coupons/CouponTemplatePage"), "CouponTemplatePage");
const ReportsPage = lazyPage(() => import("./pages/lists/ReportsPage"), "ReportsPage");
const ReportPage = lazyPage(() => import("./reports/ReportPage"), "ReportPage");
const RfmPage = lazyPage(() => import("./pages/rfm/RfmPage"), "RfmPage");
const TemplatesPage = lazyPage(() => import("./pages/templates/TemplatesPage"), "TemplatesPage");
const JourneyDetailPage = lazyPage(() => import("./pages/journeys/JourneyDetailPage"), "JourneyDetailPage");
const JourneysPage = lazyPage(() => import("./pages/journeys/JourneysPage"), "JourneysPage");
const VersionDiffPage = lazyPage(() => import("./pages/journeys/VersionDiffPage"), "VersionDiffPage");
const JourneyLivePage = lazyPage(() => import("./live/JourneyLivePage"), "JourneyLivePage");
const MemberProfilePage = lazyPage(() => import("./pages/members/MemberProfilePage"), "MemberProfilePage");
const MembersPage = lazyPage(() => import("./pages/members/MembersPage"), "MembersPage");
const SettingsPage = lazyPage(() => import("./pages/settings/SettingsPage"), "SettingsPage");
const DashboardPage = lazyPage(() => import("./dashboard/DashboardPage"), "DashboardPage");
const AlertsPage = lazyPage(() => import("./alerts/AlertsPage"), "AlertsPage");
const InsightsPage = lazyPage(() => import("./insights/InsightsPage"), "InsightsPage");
const RewardsPage = lazyPage(() => import("./pages/rewards/RewardsPage"), "RewardsPage");
const ReferralsPage = lazyPage(() => import("./pages/referrals/ReferralsPage"), "ReferralsPage");

export function App() {
  return (
    <>
      <UnauthorizedRedirect />
      <Suspense fallback={<PageFallback />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Navigate to="/dashboard" replace />} />
          <Route path="/dashboard" element={<DashboardPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/journeys" element={<JourneysPage />} />
          <Route path="/journeys/:key" element={<JourneyDetailPage />} />
          <Route path="/journeys/:key/diff" element={<VersionDiffPage />} />
          <Route path="/journeys/:key/live" element={<JourneyLivePage />} />
          <Route path="/audiences" element={<AudiencesPage />} />
          <Route path="/audiences/new" element={<AudienceEditorPage />} />
          <Route path="/audiences/:key" element={<AudienceEditorPage />} />
          <Route path="/rfm" element={<RfmPage />} />
          <Route path="/insights" element={<InsightsPage />} />
          <Route path="/members" element={<MembersPage />} />
          <Route path="/members/:id" element={<MemberProfilePage />} />
          <Route path="/coupons" element={<CouponsPage />} />
          <Route path="/coupons/:key" element={<CouponTemplatePage />} />
          <Route path="/rewards" element={<RewardsPage />} />
          <Route path="/templates" element={<TemplatesPage />} />
          <Route path="/referrals" element={<ReferralsPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          <Route path="/reports/:key" element={<ReportPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
      </Suspense>
    </>
  );
}
