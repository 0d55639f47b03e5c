import { Navigate, Route, Routes } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { UnauthorizedRedirect } from "./auth/UnauthorizedRedirect";
import { InsightsPage } from "./insights/InsightsPage";
import { AlertsPage } from "./alerts/AlertsPage";
import { DashboardPage } from "./dashboard/DashboardPage";
import { AppLayout } from "./layout/AppLayout";
import { AudienceEditorPage } from "./pages/audiences/AudienceEditorPage";
import { AudiencesPage } from "./pages/audiences/AudiencesPage";
import { CouponsPage } from "./pages/coupons/CouponsPage";
import { CouponTemplatePage } from "./pages/coupons/CouponTemplatePage";
import { ReportsPage } from "./pages/lists/ReportsPage";
import { RewardsPage } from "./pages/rewards/RewardsPage";
import { ReferralsPage } from "./pages/referrals/ReferralsPage";
import { ReportPage } from "./reports/ReportPage";
import { RfmPage } from "./pages/rfm/RfmPage";
import { TemplatesPage } from "./pages/templates/TemplatesPage";
import { JourneyDetailPage } from "./pages/journeys/JourneyDetailPage";
import { JourneysPage } from "./pages/journeys/JourneysPage";
import { VersionDiffPage } from "./pages/journeys/VersionDiffPage";
import { JourneyLivePage } from "./live/JourneyLivePage";
import { LoginPage } from "./pages/LoginPage";
import { MemberProfilePage } from "./pages/members/MemberProfilePage";
import { MembersPage } from "./pages/members/MembersPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { SettingsPage } from "./pages/settings/SettingsPage";

export function App() {
  return (
    <>
      <UnauthorizedRedirect />
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
    </>
  );
}
