import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { durationMs, retentionMs, RetentionSetting, startPoint, StartSetting } from "./reading";

describe("start", () => {
  it("takes earliest, latest, a zoned ISO time or a duration back from now", () => {
    for (const ok of ["earliest", "latest", "2026-12-01T00:00:00Z", "2026-12-01T08:30+01:00", "24h", "7d", "90s"])
      assert.ok(StartSetting.safeParse(ok).success, ok);
  });

  it("refuses what is not a time or a duration, naming both forms", () => {
    for (const bad of ["yesterday", "2026-12-01", "2026-12-01T00:00:00", "7 days", "-1h", "2026-13-45T99:00:00Z", ""]) {
      const r = StartSetting.safeParse(bad);
      assert.ok(!r.success, bad);
    }
    assert.match(StartSetting.safeParse("soon").error!.issues[0]!.message, /ISO-8601 time .* duration back from now/);
  });

  it("is a time once read: a duration counts back from now", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    assert.deepEqual(startPoint("24h", now), { kind: "time", at: Date.parse("2026-12-06T12:00:00Z") });
    assert.deepEqual(startPoint("2026-12-01T00:00:00Z", now), { kind: "time", at: Date.parse("2026-12-01T00:00:00Z") });
    assert.deepEqual(startPoint("latest", now), { kind: "latest" });
  });
});

describe("retention", () => {
  it("is a duration of at least a minute", () => {
    assert.ok(RetentionSetting.safeParse("1m").success);
    assert.ok(RetentionSetting.safeParse("7d").success);
    assert.match(RetentionSetting.safeParse("30s").error!.issues[0]!.message, /at least 1m/);
    assert.match(RetentionSetting.safeParse("forever").error!.issues[0]!.message, /must be a duration/);
    assert.equal(retentionMs("2w"), 14 * 86_400_000);
    assert.equal(durationMs("15m"), 900_000);
  });
});
