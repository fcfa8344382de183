// Whether the values of a second field make different steps of one type: the instances of each
// value go through different other steps (a cancellation for want of funds comes after
// "insufficient funds", one after a rejected credit after "credit rejected"). A field that does
// not change what happens around the record (a currency, a channel) does not split it. Pure.

/** How far apart the share of instances going through a step must be, between two values. */
const APART = 0.8;
/** Instances each value needs before its behaviour is trusted. */
const MIN_INSTANCES = 2;

export function splitsBehaviour(
  byValue: readonly { value: string; instances: readonly string[] }[],
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  own: string,
): boolean {
  if (byValue.length < 2 || byValue.some((v) => v.instances.length < MIN_INSTANCES)) return false;
  const shares = byValue.map(({ instances }) => {
    const n = new Map<string, number>();
    for (const id of instances) for (const l of labels.get(id) ?? []) if (l !== own) n.set(l, (n.get(l) ?? 0) + 1);
    return new Map([...n].map(([l, c]) => [l, c / instances.length]));
  });
  const all = new Set(shares.flatMap((s) => [...s.keys()]));
  for (let i = 0; i < shares.length; i++)
    for (let j = i + 1; j < shares.length; j++) {
      const apart = [...all].some((l) => Math.abs((shares[i]!.get(l) ?? 0) - (shares[j]!.get(l) ?? 0)) >= APART);
      if (!apart) return false;
    }
  return true;
}
