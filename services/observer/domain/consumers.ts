// Who reads a step's topic when the definition does not say (attach.md: `to` absent): the
// services whose consumer groups read it, a service's groups being its `groups` plus the group
// named like the service. Pure; the cluster's groups are read by the infra.
export type GroupReads = { groupId: string; topics: readonly string[] };

export function serviceOfGroup(
  services: readonly { id: string; groups: readonly string[] }[],
  groupId: string,
): string | null {
  return (services.find((s) => s.groups.includes(groupId)) ?? services.find((s) => s.id === groupId))?.id ?? null;
}

/** Per topic, the services reading it, in the saga's service order. */
export function consumersByTopic(
  services: readonly { id: string; groups: readonly string[] }[],
  groups: readonly GroupReads[],
): Map<string, string[]> {
  const found = new Map<string, Set<string>>();
  for (const g of groups) {
    const service = serviceOfGroup(services, g.groupId);
    if (!service) continue;
    for (const t of g.topics) found.set(t, (found.get(t) ?? new Set()).add(service));
  }
  const order = services.map((s) => s.id);
  return new Map([...found].map(([t, set]) => [t, order.filter((id) => set.has(id))]));
}

/** Every group id that could belong to a service of the saga. */
export const candidateGroups = (services: readonly { id: string; groups: readonly string[] }[]): string[] => [
  ...new Set(services.flatMap((s) => [...s.groups, s.id])),
];
