"use client";
// The replay control: scrub through the order's events (the graph shows the journey as it
// stood after each one) or play them back one by one; the end of the track is the live view.
import { useEffect, useState } from "react";

type Props = { total: number; at: number | null; onChange(at: number | null): void };

export function Replay({ total, at, onChange }: Props) {
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const next = (at ?? 0) + 1;
    const t = setTimeout(() => {
      if (next >= total) {
        setPlaying(false);
        onChange(null);
      } else onChange(next);
    }, 700);
    return () => clearTimeout(t);
  }, [playing, at, total, onChange]);
  const value = at ?? total;
  return (
    <div className="row" role="group" aria-label="Replay">
      <button
        type="button"
        disabled={total === 0}
        onClick={() => {
          if (playing) {
            setPlaying(false);
            onChange(null);
          } else {
            onChange(1);
            setPlaying(true);
          }
        }}
      >
        {playing ? "Stop replay" : "Replay events"}
      </button>
      <label htmlFor="replay-scrubber" className="small muted">
        Step
      </label>
      <input
        id="replay-scrubber"
        type="range"
        min={0}
        max={total}
        value={value}
        onChange={(e) => {
          setPlaying(false);
          const v = Number(e.target.value);
          onChange(v >= total ? null : v);
        }}
        aria-valuetext={`${value} of ${total} events`}
        style={{ width: 220 }}
      />
      <span className="small" role="status">
        {at === null ? `Live: all ${total} events` : `Replaying: ${value} of ${total} events`}
      </span>
    </div>
  );
}
