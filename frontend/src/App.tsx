import { Navigate, Route, Routes } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { UnauthorizedRedirect } from "./auth/UnauthorizedRedirect";
import { AppLayout } from "./layout/AppLayout";
import { AudiencesPage } from "./pages/lists/AudiencesPage";
import { CouponsPage } from "./pages/lists/CouponsPage";
import { ReportsPage } from "./pages/lists/ReportsPage";
import { TemplatesPage } from "./pages/lists/TemplatesPage";
import { JourneyDetailPage } from "./pages/journeys/JourneyDetailPage";
import { JourneysPage } from "./pages/journeys/JourneysPage";
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
          <Route index element={<Navigate to="/journeys" replace />} />
          <Route path="/journeys" element={<JourneysPage />} />
          <Route path="/journeys/:key" element={<JourneyDetailPage />} />
          <Route path="/audiences" element={<AudiencesPage />} />
          <Route path="/members" element={<MembersPage />} />
          <Route path="/members/:id" element={<MemberProfilePage />} />
          <Route path="/coupons" element={<CouponsPage />} />
          <Route path="/templates" element={<TemplatesPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
