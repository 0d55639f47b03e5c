import { Button, Result } from "antd";
import { useNavigate } from "react-router";

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="Page not found"
      subTitle="There is nothing at this address."
      extra={
        <Button type="primary" onClick={() => navigate("/journeys")}>
          Go to journeys
        </Button>
      }
    />
  );
}
