"use client";
// Step 1 of /sagas/new: the cluster's topics (GET /api/kafka/topics) with their partitions,
// records and the consumer groups reading them; a filter box; a check box per topic.
import { useState } from "react";
import type { KafkaTopicInfo } from "../../../../contracts/sagas";
import { filterTopics, groupsText, recordsText, toggleTopic } from "../../../_lib/topicPicker";
import { useKafkaTopics } from "./newSagaApi";

type Props = { chosen: string[]; onChange: (chosen: string[]) => void };

function TopicRow({ t, checked, onToggle }: { t: KafkaTopicInfo; checked: boolean; onToggle: () => void }) {
  const id = `topic-${t.name}`;
  return (
    <tr aria-label={`Topic ${t.name}`}>
      <td>
        <input id={id} type="checkbox" checked={checked} onChange={onToggle} />{" "}
        <label htmlFor={id} className="topic">
          {t.name}
        </label>
      </td>
      <td>{t.partitions}</td>
      <td title={t.records.toLocaleString("en-US")}>{recordsText(t.records)}</td>
      <td className="small">{groupsText(t.groups)}</td>
    </tr>
  );
}

export function TopicPicker({ chosen, onChange }: Props) {
  const topics = useKafkaTopics();
  const [query, setQuery] = useState("");
  const shown = filterTopics(topics.data ?? [], query);
  return (
    <section className="panel stack" aria-label="Topics">
      <h2>1. Pick the saga&apos;s topics</h2>
      <div className="row">
        <label htmlFor="topic-filter">Filter topics</label>
        <input
          id="topic-filter"
          type="search"
          value={query}
          placeholder="orders payment"
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="small muted" role="status">
          {topics.data ? `${shown.length} of ${topics.data.length} topics shown, ${chosen.length} chosen` : ""}
        </span>
      </div>
      {chosen.length > 0 && (
        <p className="small" aria-label="Chosen topics">
          Chosen:{" "}
          {chosen.map((t) => (
            <code key={t} className="topic" style={{ marginRight: 6 }}>
              {t}
            </code>
          ))}
        </p>
      )}
      {topics.isError && <p className="field-error">Could not read the topics: {topics.error.message}.</p>}
      {topics.isPending && <p className="muted">Loading…</p>}
      {topics.data && (
        <div style={{ maxHeight: 360, overflow: "auto" }}>
          <table className="dlq-table" aria-label="Kafka topics">
            <thead>
              <tr>
                <th>Topic</th>
                <th>Partitions</th>
                <th>Records</th>
                <th>Consumer groups</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
                <TopicRow
                  key={t.name}
                  t={t}
                  checked={chosen.includes(t.name)}
                  onToggle={() => onChange(toggleTopic(chosen, t.name))}
                />
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p className="muted small">No topic matches “{query}”.</p>}
        </div>
      )}
    </section>
  );
}
