// /sagas/new's topic list: filtered as the person types (every word must appear in the name,
// any case), the chosen ones kept whatever the filter, and sizes in words.
import type { KafkaTopicInfo } from "../../contracts/sagas";

/** Topics whose name holds every word of the query; all of them for a blank query. In name order. */
export function filterTopics(topics: readonly KafkaTopicInfo[], query: string): KafkaTopicInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return topics
    .filter((t) => words.every((w) => t.name.toLowerCase().includes(w)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The choice with `name` added, or removed when it was there; in the order chosen. */
export function toggleTopic(chosen: readonly string[], name: string): string[] {
  return chosen.includes(name) ? chosen.filter((t) => t !== name) : [...chosen, name];
}

/** Chosen topics the list no longer has (deleted since): they are dropped from the choice. */
export function keepKnown(chosen: readonly string[], topics: readonly KafkaTopicInfo[]): string[] {
  const known = new Set(topics.map((t) => t.name));
  return chosen.filter((t) => known.has(t));
}

/** 1234567 → "1.2 M", 4200 → "4.2 k", 950 → "950". */
export function recordsText(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)} M`;
}

/** The groups cell: the first few names, then how many more. */
export function groupsText(groups: readonly string[], shown = 3): string {
  if (groups.length === 0) return "none";
  const more = groups.length - shown;
  return more > 0 ? `${groups.slice(0, shown).join(", ")} and ${more} more` : groups.join(", ");
}
