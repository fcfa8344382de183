// The key to the graph's line styles, in words.
export function GraphLegend({ journey = false }: { journey?: boolean }) {
  return (
    <div className="legend" aria-label="Legend">
      <span><span className="swatch" />forward step</span>
      <span><span className="swatch failure" />failure (dashed, backwards)</span>
      <span><span className="swatch compensation" />compensation (dashed, backwards)</span>
      {journey ? <span><span className="swatch untaken" />not taken by this order</span> : <span>line thickness: orders that took it recently</span>}
    </div>
  );
}
