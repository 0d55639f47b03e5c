import { Drawer } from "antd";
import { MemberPath } from "./MemberPath";

/** The member lookup in a side drawer, as the canvas and the live card show it. */
export function MemberPathDrawer({
  journeyKey,
  member,
  open,
  onClose,
}: {
  journeyKey: string;
  member: string;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Drawer title="Member path" width={480} open={open} onClose={onClose} destroyOnClose>
      <MemberPath key={member} journeyKey={journeyKey} initialMember={member} />
    </Drawer>
  );
}
