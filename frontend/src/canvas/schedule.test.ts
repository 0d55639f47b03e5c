import { describe, expect, it } from "vitest";
import { cronToSchedule, scheduleToCron, type Schedule } from "./schedule";

describe("schedule ↔ cron", () => {
  const picked: [Schedule, string][] = [
    [{ every: "day", time: "10:00" }, "0 10 * * *"],
    [{ every: "week", time: "09:30", weekday: 1 }, "30 9 * * 1"],
    [{ every: "week", time: "20:05", weekday: 0 }, "5 20 * * 0"],
    [{ every: "month", time: "08:00", day: 15 }, "0 8 15 * *"],
  ];

  it.each(picked)("writes %o as %s and reads it back", (schedule, cron) => {
    expect(scheduleToCron(schedule)).toBe(cron);
    expect(cronToSchedule(cron)).toEqual(schedule);
  });

  it("leaves to cron what the picker cannot say", () => {
    for (const cron of ["*/15 * * * *", "0 9 * * 1-5", "0 9 31 * *", "0 9 1 1 *", "0 9 * * 7", "nonsense"]) {
      expect(cronToSchedule(cron)).toBeNull();
    }
  });
});
